/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100; larger values are quietly capped) and
 * `page`, with a Link header that Octokit's paginate follows.
 */
export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

const MAX_PER_PAGE = 100;

export function paginate<T>(all: T[], query: Record<string, unknown>, url: URL): Page<T> {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(query.per_page ?? 30)));
  const page = Math.max(1, Number(query.page ?? 1));
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const links: string[] = [];
  const link = (target: number, rel: string) => {
    const next = new URL(url);
    next.searchParams.set("per_page", String(perPage));
    next.searchParams.set("page", String(target));
    links.push(`<${next.toString()}>; rel="${rel}"`);
  };
  if (page > 1) link(Math.min(page - 1, lastPage), "prev");
  if (page < lastPage) link(page + 1, "next");
  if (page < lastPage) link(lastPage, "last");
  if (page > 1) link(1, "first");
  return { items, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}
