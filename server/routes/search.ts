/**
 * Search routes: full-text search across every paper the signed-in person belongs to, and what its
 * filter controls offer. They span papers, so they are open to anyone signed in; which pages a
 * person may see is decided inside the search query itself (server/search/searchResults.ts).
 */
import { Router } from 'express';
import type { RouteDeps } from './index.js';
import { parse } from '../errors.js';
import { searchFiltersQuery, searchQuery, type SearchResponse } from '../../shared/search.js';
import { SearchResults } from '../search/searchResults.js';
import { searchFilters } from '../search/searchFilters.js';
import { currentUser, open } from './guards.js';

/** The /search and /search/filters routes (a session is already required). */
export function searchRoutes({ db }: Pick<RouteDeps, 'db'>): Router {
  const router = Router();
  const results = new SearchResults(db);

  router.get('/search', open('signedIn'), (req, res) => {
    const query = parse(searchQuery, req.query);
    const body: SearchResponse = { results: results.search(currentUser(res).id, query) };
    res.json(body);
  });

  router.get('/search/filters', open('signedIn'), (req, res) => {
    const { paperId } = parse(searchFiltersQuery, req.query);
    res.json(searchFilters(db, currentUser(res).id, paperId ?? null));
  });

  return router;
}
