/** One page of a Marker-paged API. */
export interface MarkedPage<T> {
  readonly items: readonly T[];
  readonly nextMarker: string | undefined;
}

/**
 * Yields the items of every page of a Marker-paged API (`ListDurableExecutionsByFunction`,
 * `GetDurableExecutionHistory`), asking for the next page only when the caller wants more items.
 */
export async function* followMarkers<T>(
  fetchPage: (marker: string | undefined) => Promise<MarkedPage<T>>,
): AsyncGenerator<T, void, undefined> {
  let marker: string | undefined;
  do {
    const page = await fetchPage(marker);
    yield* page.items;
    marker = page.nextMarker;
  } while (marker !== undefined && marker !== "");
}
