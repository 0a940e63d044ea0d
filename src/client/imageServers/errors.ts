/**
 * An image server answered, but not with what an image server serves: an HTTP error, something
 * that is not the JSON expected, or more than the client reads. `url` is what was asked for.
 */
export class ImageServerError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageServerError';
  }
}
