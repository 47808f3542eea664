/**
 * The analyser as it was before its speed-ups (one regular expression over the text, jieba
 * called once per Han run, every token list sorted, normalisation one code unit at a time):
 * the reference `analyze.test.ts` compares the current analyser with, token for token.
 */
import { ConverterBuilder, type ConverterFunction } from 'opencc-js/core';
import * as t2cn from 'opencc-js/preset/t2cn';
import { foldCompatibility } from '../../src/text/fold.js';
import { OPENCC_CONFIG } from '../../src/text/normalize.js';
import { cutWords, innerWords } from '../../src/text/segment.js';
import { isStopWord } from '../../src/text/stopwords.js';
import type { Token } from '../../src/text/index.js';

let toSimplified: ConverterFunction | undefined;

function foldWidthAndCase(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
    else if (code === 0x3000) code = 0x20;
    const ch = String.fromCharCode(code);
    if (code < 0x80) {
      out += code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : ch;
      continue;
    }
    const folded = foldCompatibility(code);
    if (folded !== code) {
      out += String.fromCharCode(folded);
      continue;
    }
    const lower = ch.toLowerCase();
    out += lower.length === 1 ? lower : ch;
  }
  return out;
}

function simplify(text: string): string {
  const converter = toSimplified ?? ConverterBuilder(t2cn)(OPENCC_CONFIG);
  toSimplified = converter;
  const whole = converter(text);
  if (whole.length === text.length) return whole;
  let out = '';
  for (const ch of text) {
    const converted = converter(ch);
    out += converted.length === ch.length ? converted : ch;
  }
  return out;
}

/** `normalize()` as it was. */
export function referenceNormalize(text: string): string {
  if (text === '') return text;
  return simplify(foldWidthAndCase(text));
}

const RUN = /([a-z0-9]+(?:[.-][a-z0-9]+)*[%‰]?)|(\p{Script=Han}+)/gu;
const ENDS_WITH_DIGIT = /[0-9]$/;
const LETTERS_OR_NUMBER = /[a-z]+|[0-9]+(?:\.[0-9]+)*/g;

/** `analyze()` as it was. */
export function referenceAnalyze(text: string, mode: 'index' | 'query' = 'index'): Token[] {
  const withSubTerms = mode === 'index';
  const norm = referenceNormalize(text);
  const tokens: Token[] = [];
  const push = (start: number, end: number): void => {
    const term = norm.slice(start, end);
    if (!isStopWord(term)) tokens.push({ term, start, end });
  };
  let previousEnd = -1;
  let previousIsNumber = false;
  for (const match of norm.matchAll(RUN)) {
    const start = match.index;
    const run = match[0];
    if (match[1] !== undefined) {
      push(start, start + run.length);
      if (withSubTerms) latinSubTerms(run, start, push);
      previousIsNumber = ENDS_WITH_DIGIT.test(run);
    } else {
      let at = start;
      for (const word of cutWords(run)) {
        push(at, at + word.length);
        if (withSubTerms) {
          for (const span of innerWords(word)) push(at + span.start, at + span.end);
          if (at === start && previousIsNumber && previousEnd === start && word.length > 1) {
            const first = String.fromCodePoint(word.codePointAt(0) ?? 0);
            push(at, at + first.length);
          }
        }
        at += word.length;
      }
      if (at !== start + run.length) throw new Error(`text: jieba lost characters of "${run}"`);
      previousIsNumber = false;
    }
    previousEnd = start + run.length;
  }
  if (withSubTerms) {
    tokens.sort((a, b) => a.start - b.start || b.end - a.end);
    let kept = 0;
    for (const token of tokens) {
      const previous = kept > 0 ? tokens[kept - 1] : undefined;
      if (previous?.start === token.start && previous.end === token.end) continue;
      tokens[kept++] = token;
    }
    tokens.length = kept;
  }
  return tokens;
}

function latinSubTerms(run: string, offset: number, push: (start: number, end: number) => void): void {
  const last = run.at(-1);
  if (last === '%' || last === '‰') push(offset, offset + run.length - 1);
  const body = last === '%' || last === '‰' ? run.slice(0, -1) : run;
  const hyphenParts = body.split('-');
  let at = 0;
  for (const part of hyphenParts) {
    if (hyphenParts.length > 1) push(offset + at, offset + at + part.length);
    const pieces = [...part.matchAll(LETTERS_OR_NUMBER)];
    if (pieces.length > 1) {
      for (const piece of pieces) {
        if (piece[0].length >= 2) push(offset + at + piece.index, offset + at + piece.index + piece[0].length);
      }
    }
    at += part.length + 1;
  }
}
