// Directive bodies are Markdown written at headquarters and read at every post: rendered by
// marked and then sanitised (sanitize-html's default allow-list: no scripts, no event
// handlers, no javascript: links), so the HTML is safe to insert in the page.
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h1', 'h2'],
    allowedSchemes: ['http', 'https', 'mailto'],
  });
}
