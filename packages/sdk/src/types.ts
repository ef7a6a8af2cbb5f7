/** Type helpers that read a route's input and output types. */
import type { RouteDef, RouteInput, RouteOutput } from '@cairn/api';

/** The JSON body a route takes. */
export type BodyOf<R extends RouteDef> = RouteInput<R> extends { body: infer B } ? B : never;

/** The query a route takes. */
export type QueryOf<R extends RouteDef> = RouteInput<R> extends { query?: infer Q } ? NonNullable<Q> : never;

/** What a route answers with. */
export type OutputOf<R extends RouteDef> = RouteOutput<R>;
