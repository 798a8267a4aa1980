/** A bad request parameter: becomes a 400 naming the parameter and the value. */
export class ParamError extends Error {
  readonly parameter: string;
  readonly value: string;
  constructor(parameter: string, value: string, message: string) {
    super(message);
    this.parameter = parameter;
    this.value = value;
  }
}

/**
 * The user asked for a breakdown finer than their role may see (e.g. PCN rows outside their own
 * ICBs): the API answers 403 JSON, a page a 403 message or, for a table a page can do without, a
 * notice in its place.
 */
export class ScopeError extends Error {
  readonly status = 403;
}

/** A breakdown (PCN or child-area rows) the user may not see, of an area they may see. */
export class BreakdownError extends ScopeError {}
