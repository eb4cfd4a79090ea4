// Every route the console calls is in docs/openapi.json now; its shapes are the generated ones in
// types.ts. What is left here is the one list helper screens share.

/** A list answer's items (`{"items":[..]}`), empty while it loads. */
export function itemsOf<T>(answer: { items: T[] } | undefined): T[] {
  return answer?.items ?? [];
}
