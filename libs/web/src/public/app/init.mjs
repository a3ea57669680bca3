// Progressive enhancement only: every page works without it (see docs/web.md).
import { initAll } from '../nhsuk-frontend.min.js';
import { startLiveFragments } from './live-fragments.mjs';

initAll();
startLiveFragments();
