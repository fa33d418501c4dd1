/**
 * Full-text search across the papers a person belongs to: the query of GET /api/search, the
 * results it returns and what the filter controls offer (GET /api/search/filters). A snippet
 * comes as parts, each marked as a match or not, so the client builds <mark> elements from text
 * nodes and never parses HTML. Shared by the server (server/search/) and the client
 * (client/ui/search/).
 */
import { z } from 'zod';
import type { PageStatus, PersonRef } from './api.js';
import { limits } from './limits.js';
import { PAGE_STATUSES } from './pageStatus.js';
import { labelKey } from './labels.js';

/** An empty form field ("?label=") means no filter. */
const blankAsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const someId = (what: string) => z.string({ error: `Not ${what}.` }).regex(/^[A-Za-z0-9_-]{6,40}$/, `Not ${what}.`);

/** GET /api/search?q=&paperId=&label=&status=&authorId=&limit= */
export const searchQuery = z.object({
  q: z
    .string({ error: 'The search must be text.' })
    .max(limits.searchQueryChars, `A search may be at most ${limits.searchQueryChars} characters long.`)
    .default(''),
  paperId: blankAsAbsent(someId('a paper id').optional()),
  /** A label's name, compared as the labels code compares them (normalised, any case). */
  label: blankAsAbsent(z.string({ error: 'The label must be text.' }).max(limits.nameChars, 'That label name is too long.').transform(labelKey).optional()),
  status: blankAsAbsent(z.enum(PAGE_STATUSES, { error: `Status must be one of: ${PAGE_STATUSES.join(', ')}.` }).optional()),
  authorId: blankAsAbsent(someId('a person id').optional()),
  limit: z.coerce
    .number({ error: 'The limit must be a number.' })
    .int('The limit must be a whole number.')
    .min(1, 'The limit must be at least 1.')
    .max(limits.searchResults, `The limit must be at most ${limits.searchResults}.`)
    .default(20),
});

/** GET /api/search/filters?paperId= */
export const searchFiltersQuery = z.object({
  paperId: blankAsAbsent(someId('a paper id').optional()),
});

export type SearchQuery = z.infer<typeof searchQuery>;

/** A run of text in a snippet or title; `match` is true for the words the search found. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One page that matched. */
export interface SearchResult {
  paperId: string;
  paperTitle: string;
  pageId: string;
  pageTitle: string;
  /** The title with its matching words marked. */
  titleParts: SnippetPart[];
  /** The page's section number in its paper ("2.1"). */
  number: string;
  /** Titles of the pages above it, from its chapter down (empty for a chapter). */
  breadcrumb: string[];
  status: PageStatus;
  labels: string[];
  lastEditedAt: string | null;
  lastEditedBy: PersonRef | null;
  /** Words around the best match in the text, or the start of the page when only the title matched. */
  snippet: SnippetPart[];
}

export interface SearchResponse {
  results: SearchResult[];
}

/** What the filter controls offer: only from the papers the person belongs to. */
export interface SearchFilters {
  papers: { id: string; title: string }[];
  /** Label names, one per name whatever its case (in the chosen paper, or across the person's papers). */
  labels: string[];
  /** People who have written in a page (or created one) of those papers. */
  authors: PersonRef[];
}

/** Milliseconds search-as-you-type waits after the last key before asking. */
export const SEARCH_DEBOUNCE_MS = 150;
