import { Navigate, Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { Shell } from './components/shell.tsx';
import { SignInPage } from './routes/sign-in.tsx';

const NotebookPage = lazy(() => import('./routes/notebook.tsx'));
const RunsPage = lazy(() => import('./routes/runs.tsx'));
const RunDetailPage = lazy(() => import('./routes/run-detail.tsx'));
const ComparePage = lazy(() => import('./routes/compare.tsx'));
const JournalPage = lazy(() => import('./routes/journal.tsx'));

/** Routes; the server falls back to index.html for any path, so these are real URLs. */
export function App() {
  return (
    <Router root={Shell}>
      <Route path="/sign-in" component={SignInPage} />
      <Route path="/" component={() => <Navigate href="/notebook" />} />
      <Route path="/notebook/:id?" component={NotebookPage} />
      <Route path="/runs" component={RunsPage} />
      <Route path="/runs/:id" component={RunDetailPage} />
      <Route path="/compare" component={ComparePage} />
      <Route path="/journal" component={JournalPage} />
      <Route path="*" component={() => <p class="state empty">No such page. <a href="/notebook">Back to the notebook</a></p>} />
    </Router>
  );
}
