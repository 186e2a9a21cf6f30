// The e2e suites use the same scripted browser as the demo's "play" mode.
export * from '../../src/demo/robot-browser.js';
