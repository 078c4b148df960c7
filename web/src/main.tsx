import { render } from 'preact';
import { App } from './app';
import { refreshClock } from './lib/clock';
import './styles.css';

// The server's clock first (a training server may run on another date): pages decide what is
// "today" by it. A server that does not answer in time leaves the browser's clock.
const ready = Promise.race([refreshClock(), new Promise((r) => setTimeout(r, 3000))]);
void ready.then(() => {
  render(<App />, document.getElementById('app')!);
  setInterval(() => void refreshClock(), 5 * 60_000);
});
