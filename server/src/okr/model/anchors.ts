/**
 * Anchors of headings, as links between pages name them (`okrs.md#1-ceo-iacv`).
 * GitHub's slugs are the ones authors copy from the rendered page; kramdown
 * sites (Jekyll, Middleman) drop leading numbers, and `{#id}` sets one by hand.
 */
import GithubSlugger, { slug } from 'github-slugger';
import type { Heading } from './plan';

/** Heading text as it renders: inline tags and a kramdown `{#id}` attribute are not text. */
function renderedText(text: string): string {
  return text.replace(/<\/?[A-Za-z][^<>]*>/g, '').replace(/\s*\{:?\s*#[^}]*\}\s*$/, '');
}

/** The headings with the anchors GitHub gives them, numbered (`-1`, `-2`) after the first of the same text. */
export function withAnchors(headings: readonly Heading[]): Heading[] {
  const slugger = new GithubSlugger();
  return headings.map((heading) => ({ ...heading, anchor: slugger.slug(renderedText(heading.text)) }));
}

/** Every anchor a link may use for a heading: GitHub's, kramdown's automatic one, and one set by hand. */
export function anchorsOf(heading: Heading): string[] {
  const anchors = [heading.anchor];
  const kramdown = slug(renderedText(heading.text)).replace(/^[^a-z]+/, '');
  if (kramdown !== '') anchors.push(kramdown);
  const own = /\{:?\s*#([^\s}]+)[^}]*\}\s*$/.exec(heading.text) ?? /<a\s[^>]*(?:name|id)=["']([^"']+)["']/i.exec(heading.text);
  if (own) anchors.push(own[1]);
  return anchors;
}

/** The anchor of a link's address (`okrs.md#grow-arr` → `grow-arr`), decoded; null when it has none. */
export function linkAnchor(url: string): string | null {
  const hash = url.indexOf('#');
  if (hash < 0 || hash === url.length - 1) return null;
  try {
    return decodeURIComponent(url.slice(hash + 1));
  } catch {
    return url.slice(hash + 1);
  }
}

/** The path part of a link's address, decoded, without anchor or query; empty for a link within the page. */
export function linkPath(url: string): string {
  const path = url.replace(/[#?].*$/s, '').replace(/^<|>$/g, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** True when a link's address leads to a Markdown page. */
export function isMarkdownLink(url: string): boolean {
  return /\.(?:md|markdown)$/i.test(linkPath(url));
}
