import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import { db } from '../../db';
import { onMenu } from '../../platform/gloss';
import { useGloss } from '../../store';
import { typingInField } from '../commands/use-commands';
import type { SearchHit } from './protocol';
import { searchClient, type SearchResults } from './search-client';
import './search.css';

const FIELD_LABEL: Record<SearchHit['field'], string> = {
  title: 'Title',
  text: 'Article text',
  quote: 'Annotated passage',
  note: 'Note',
  tags: 'Tags',
};

/** Results listed (excerpts are made for these only); the count of all matches is shown. */
const RESULTS_SHOWN = 20;

/** Opens a hit: its article in the reader, the annotation selected or the passage selected. */
export function openHit(hit: SearchHit): void {
  const s = useGloss.getState();
  s.setView('reader');
  s.selectArticle(hit.articleId);
  if (hit.annotationId) {
    s.selectAnnotation(hit.annotationId);
    s.revealPassage({ articleId: hit.articleId, annotationId: hit.annotationId });
  } else if (hit.start !== null && hit.end !== null) {
    s.revealPassage({ articleId: hit.articleId, start: hit.start, end: hit.end });
  }
}

function Marked({ text, marks }: { text: string; marks: [number, number][] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  marks.forEach(([from, to], i) => {
    if (from > at) parts.push(text.slice(at, from));
    parts.push(<mark key={i}>{text.slice(from, to)}</mark>);
    at = to;
  });
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/**
 * One box that searches the whole library (titles, article text, annotated passages, notes,
 * tags). Ctrl/Cmd+K or / focuses it; arrows choose a result; Enter opens it; Escape closes.
 */
export function SearchBox() {
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const client = searchClient(db);
  const status = useSyncExternalStore(
    (listener) => client.onStatus(listener),
    () => client.status,
  );

  // The index loads once the library is on screen and the page is idle.
  useEffect(() => {
    let idle = 0;
    const timer = window.setInterval(() => {
      if (performance.getEntriesByName('gloss:interactive').length === 0) return;
      clearInterval(timer);
      idle = requestIdleCallback(() => client.start(), { timeout: 2000 });
    }, 100);
    return () => {
      clearInterval(timer);
      cancelIdleCallback(idle);
    };
  }, [client]);

  // Edit › Search Library… (Ctrl/Cmd+K) and, outside a field, `/`.
  useEffect(() => {
    const focus = () => {
      inputRef.current?.focus();
      inputRef.current?.select();
      setOpen(true);
    };
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !typingInField(e.target)) {
        e.preventDefault();
        focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    const stopMenu = onMenu((command) => {
      if (command === 'find') focus();
    });
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      stopMenu();
    };
  }, []);

  // Searches again whenever the popup opens, so that results reflect edits made since.
  useEffect(() => {
    const q = query.trim();
    if (!q || !open) return;
    let current = true;
    void searchClient(db)
      .search(q, RESULTS_SHOWN)
      .then((r) => {
        if (!current) return;
        setResults(r);
        setActive(0);
      });
    return () => {
      current = false;
    };
    // The status is a dependency so a search typed while the index loads runs again once ready.
  }, [client, query, open, status.state]);

  // Marks when results are in the document (benchmarks time a query to here, and read the
  // worker's own time from the mark).
  useLayoutEffect(() => {
    if (results)
      performance.mark('gloss:search:results', {
        detail: { workerMs: results.ms, indexMs: results.indexMs },
      });
  }, [results]);

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    openHit(hit);
    setOpen(false);
    inputRef.current?.blur();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const count = results?.hits.length ?? 0;
    if (e.key === 'ArrowDown' && count) {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % count);
    } else if (e.key === 'ArrowUp' && count) {
      e.preventDefault();
      setActive((i) => (i - 1 + count) % count);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(results?.hits[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (open && query) setOpen(false);
      else {
        setQuery('');
        inputRef.current?.blur();
      }
    }
  };

  const busy = status.state === 'loading' || status.state === 'building';
  const activeId = results?.hits[active] ? `search-hit-${active}` : undefined;
  return (
    <div className="search" role="search">
      <input
        ref={inputRef}
        type="search"
        aria-label="Search library"
        placeholder="Search library (Ctrl+K)"
        value={query}
        role="combobox"
        aria-expanded={open && !!results}
        aria-controls="search-results"
        aria-activedescendant={open ? activeId : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {open && query.trim() && (
        <div className="search-popup">
          {status.state === 'error' ? (
            <p className="search-note" role="alert">
              Search is unavailable: {status.message}
            </p>
          ) : busy && !results ? (
            <p className="search-note" role="status">
              {status.state === 'building' && status.total
                ? `Indexing the library: ${status.done?.toLocaleString()} of ${status.total.toLocaleString()}…`
                : 'Loading the search index…'}
            </p>
          ) : results && results.hits.length === 0 ? (
            <p className="search-note" role="status">
              Nothing in the library matches “{results.query}”.
            </p>
          ) : results ? (
            <>
              <p className="search-note">
                {results.total > results.hits.length
                  ? `Best ${results.hits.length} of ${results.total.toLocaleString()}${results.capped ? '+' : ''} results`
                  : `${results.total} result${results.total === 1 ? '' : 's'}`}
              </p>
              <ul id="search-results" role="listbox" aria-label="Search results" className="search-results">
                {results.hits.map((hit, i) => (
                  <li
                    key={hit.id}
                    id={`search-hit-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className="search-hit"
                    onMouseDown={(e) => e.preventDefault()}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => choose(hit)}
                  >
                    <span className="hit-head">
                      <span className="hit-title">{hit.articleTitle}</span>
                      <span className="hit-field">{FIELD_LABEL[hit.field]}</span>
                    </span>
                    <span className="hit-snippet">
                      <Marked text={hit.snippet} marks={hit.marks} />
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      )}
    </div>
  );
}
