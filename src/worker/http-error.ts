/** The one error class that carries an HTTP status; `app.onError` turns it into `{ error }`. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 500 | 503,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
