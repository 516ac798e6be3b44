/** `-l` cannot list what was asked for (no such probe type, no such file): one `ERROR:` line. */
export class ListingError extends Error {}
