/** The studio's entry: mounts the app into the page. */
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';

createRoot(document.getElementById('app')!).render(<StrictMode><App /></StrictMode>);
