/** Rate limiting: token buckets, alone and by key. */
export * from './token-bucket.ts';
