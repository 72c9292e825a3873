import { Browser, chromium, Page } from 'playwright-core';
import { findBinary } from '../setup/servers';
import { examAs } from '../support/graphql';
import { admin, learner } from '../support/people';
import { enroll } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13, as a person meets the server: headless Chromium (Debian's `chromium`, which `.ci/run`
 * installs, driven by playwright-core) opens GraphiQL, runs a query with a token in its headers and
 * sees the answer, then opens the API docs and sees the commands. Every request the pages make is
 * recorded: none may leave this server (GraphiQL used to load React from a CDN: a white page offline).
 */
const executablePath = findBinary('chromium') ?? findBinary('chromium-browser');
if (!executablePath) console.warn('Browser tier skipped: no `chromium` binary (.ci/run installs Debian’s chromium)');

(executablePath ? describe : describe.skip)('GraphiQL and the API docs in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const elsewhere: string[] = [];
  const examId = 'exam-browser';

  beforeAll(async () => {
    t = await startTestApp();
    await enroll(t.api, { examId });
    // The learner's read model has the exam before the browser asks for it.
    await examAs(t.api, learner, examId, (await t.api.post(`/api/exams/${examId}/xp`, admin, { amount: 1, source: 'quiz' })).body.position);
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(t.api.baseUrl) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** GraphiQL's editors are CodeMirror 5 instances, reachable from their wrapper element. */
  const setEditor = (selector: string, value: string) =>
    page.locator(selector).evaluate((wrapper: { CodeMirror?: { setValue(text: string): void } }, text: string) => {
      if (!wrapper.CodeMirror) throw new Error('not a CodeMirror editor');
      wrapper.CodeMirror.setValue(text);
    }, value);

  it('runs a query from GraphiQL with a token in its headers and shows the answer', async () => {
    await page.goto(`${t.api.baseUrl}/graphiql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 20_000 });
    // The headers tab is open (the page asks for it): a token is pasted there.
    await page.waitForSelector('.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror');
    const token = await t.api.token(learner);
    await setEditor(
      '.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror',
      JSON.stringify({ Authorization: `Bearer ${token}` }),
    );
    await setEditor('.graphiql-query-editor .CodeMirror', '{ myExams { id status xp } }');
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    await response.getByText(examId).waitFor({ timeout: 10_000 });
    const text = await response.innerText();
    expect(text).toContain('"status": "LOCKED"');
    expect(text).toContain('"xp": 1');
    if (process.env.BROWSER_SCREENSHOT) await page.screenshot({ path: process.env.BROWSER_SCREENSHOT });
    expect(elsewhere).toEqual([]);
  }, 60_000);

  it('shows the commands in the API docs', async () => {
    await page.goto(`${t.api.baseUrl}/api/docs`);
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    const routes = paths.map((p) => p.replace(/\u200b/g, '').trim());
    expect(routes).toEqual(expect.arrayContaining(['/api/exams/{id}/hand-in', '/api/exams/{id}/files', '/api/exams']));
    expect(await page.locator('.opblock-summary-description').allInnerTexts()).toContain('Definitely hand in (once per attempt)');
    expect(elsewhere).toEqual([]);
  }, 60_000);
});
