/** The largest request body the API reads (JSON answers, imports, invites all fit well within it). */
export const MAX_BODY_BYTES = 64 * 1024;
