/**
 * A route of the HTTP API, declared once: the server implements it, the SDK calls it, the OpenAPI
 * document describes it and the security test walks it.
 */
import { z } from 'zod';
import type { Action } from './roles.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How a body travels: parsed JSON, or raw bytes streamed through. */
export type BodyKind = 'json' | 'stream';
/** How a response travels: JSON, newline-delimited JSON, or bytes (a file, a zip). */
export type ResponseKind = 'json' | 'ndjson' | 'bytes' | 'empty';

export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  /** Unique id, `concept.verb`, used as the OpenAPI operationId. */
  id: string;
  method: Method;
  /** Path below `/api/v1` with `{param}` placeholders; a trailing `{path+}` takes the rest of the URL. */
  path: string;
  summary: string;
  /** What the caller must be allowed to do; `workspace` scoping comes from the `{workspace}` param. */
  action: Action | 'authenticated';
  params: P;
  query: Q;
  body: B;
  bodyKind: BodyKind;
  response: R;
  responseKind: ResponseKind;
  /** HTTP status of a success. */
  status: number;
}

type Opt<T, D> = T extends undefined ? D : T;

/** Declares a route; omitted schemas default to "nothing". */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(def: {
  id: string;
  method: Method;
  path: string;
  summary: string;
  action: Action | 'authenticated';
  params?: P;
  query?: Q;
  body?: B;
  bodyKind?: BodyKind;
  response?: R;
  responseKind?: ResponseKind;
  status?: number;
}): RouteDef<Opt<P, z.ZodVoid>, Opt<Q, z.ZodVoid>, Opt<B, z.ZodVoid>, Opt<R, z.ZodVoid>> {
  const none = z.void();
  return {
    params: none,
    query: none,
    body: none,
    response: none,
    bodyKind: 'json',
    responseKind: def.response === undefined ? 'empty' : 'json',
    status: def.response === undefined ? 204 : 200,
    ...Object.fromEntries(Object.entries(def).filter(([, v]) => v !== undefined)),
  } as never;
}

/** The path parameter names of a route path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1]!);
}

/** Input of a route, as a client passes it. */
export type RouteInput<R extends RouteDef> = (z.input<R['params']> extends void ? {} : { params: z.input<R['params']> }) &
  (z.input<R['query']> extends void ? {} : { query?: z.input<R['query']> }) &
  (z.input<R['body']> extends void ? {} : { body: R['bodyKind'] extends 'stream' ? unknown : z.input<R['body']> });

/** What a route answers with. */
export type RouteOutput<R extends RouteDef> = z.output<R['response']>;
