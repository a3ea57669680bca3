/**
 * Jest's order (failed first, then slowest first), except that the browser tests go last: each runs a
 * Chromium, and the worker's delivery tests, which watch messages race through real queues, are kinder
 * company for fast unit tests than for a browser on a 2-core machine.
 */
const Sequencer = require('@jest/test-sequencer').default;

const BROWSER_TEST = /\.browser\.e2e-spec\.ts$/;

class BrowserTestsLast extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered.filter((test) => !BROWSER_TEST.test(test.path)), ...ordered.filter((test) => BROWSER_TEST.test(test.path))];
  }
}

module.exports = BrowserTestsLast;
