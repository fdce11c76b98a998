/*
 * Suggests who asserts a passage, from the wording of news prose: "X said", "X stated that",
 * "according to X", "“…,” said X", "ISW assesses". Rule-based and deliberately modest: it only
 * proposes; the analyst confirms or corrects in the annotation form.
 */

interface Range {
  start: number;
  end: number;
}

interface Token extends Range {
  text: string;
  lower: string;
}

/** An attribution cue: who is said to assert something, and where. */
export interface SpeechCue {
  /** Who, as written (titles and articles removed). */
  who: string;
  /** Where the attribution cue (the verb, "according to") is in the text. */
  at: number;
  pronoun: boolean;
  /** The cue word as written, lower case ("said", "according", "per"). */
  verb: string;
}
type Candidate = SpeechCue;

/** Reporting verbs that introduce what the subject asserts. */
const VERBS = new Set(
  (
    'said says say stated states state claimed claims claim assessed assesses assess told tells ' +
    'announced announces reported reports noted notes argued argues warned warns added adds ' +
    'insisted insists declared declares acknowledged acknowledges suggested suggests responded ' +
    'asserted asserts alleged alleges believes believed estimated estimates wrote writes posted ' +
    'explained explains emphasized emphasised stressed stresses confirmed confirms denied denies ' +
    'threatened threatens observed observes concluded concludes predicted predicts indicated ' +
    'indicates revealed reveals admitted admits accused accuses described describes maintained ' +
    'maintains contended contends reiterated reiterates promised promises vowed vows demanded ' +
    'demands urged urges highlighted highlights reaffirmed reaffirms acknowledged acknowledges ' +
    'disclosed discloses cautioned cautions conceded concedes divulged divulges'
  ).split(' '),
);
/** Verb forms that are often nouns. */
const NOUN_LIKE = new Set([
  'state',
  'states',
  'claim',
  'claims',
  'reports',
  'notes',
  'estimates',
  'posts',
  'say',
  'tells',
]);
/**
 * Verbs that take an object as often as reported speech ("maintains territorial ambitions",
 * "promised aid"): a cue only before "that", a colon or a quotation, or with a quotation later in
 * the sentence ("described the proposal as “not perfect”").
 */
const OBJECT_VERBS = new Set(
  (
    'maintains maintained maintain promised promises vowed vows described describes indicated ' +
    'indicates revealed reveals observed observes concluded concludes confirmed confirms denied ' +
    'denies admitted admits accused accuses threatened threatens predicted predicts highlighted ' +
    'highlights reaffirmed reaffirms demanded demands urged urges'
  ).split(' '),
);
/** What may follow a reporting verb that could be a noun. */
const REPORTED = new Set(['that', ':', '“', '"', ',']);
/** First words of a clause that may stand between a subject and its verb. */
const CLAUSE_OPENERS = new Set(
  'who which citing according speaking writing in the a an his her its their himself herself also one'.split(
    ' ',
  ),
);
/** Verbs that also appear after the speaker ("“…,” said Peskov"). */
const INVERTED_VERBS = new Set([
  'said',
  'says',
  'added',
  'stated',
  'claimed',
  'wrote',
  'told',
  'noted',
  'warned',
  'adds',
  'writes',
  'tells',
  'explained',
  'explains',
  'insisted',
  'insists',
]);
/**
 * Verbs that introduce speech only right after a quotation ("“…,” recalls Parata", "“…?” she
 * asked"): elsewhere they report something else ("he recalled the envoy").
 */
const INVERTED_ONLY = new Set('recalls recalled asks asked continues continued replies replied'.split(' '));
/**
 * Participles that report what the sentence's subject says ("Ghannouchi condemned the attack,
 * saying that …").
 */
const PARTICIPLES = new Set(
  'saying adding noting warning writing telling claiming stating arguing insisting stressing'.split(' '),
);
/** Words that open a clause before its subject ("As the report states:", "While officials said"). */
const SUBORDINATORS = new Set(
  'as while when if but and since after before because although though so yet'.split(' '),
);
/** Words that may stand between the subject and the verb ("has long assessed", "also claimed"). */
const BETWEEN = new Set(
  (
    'has have had also long reportedly previously recently repeatedly publicly explicitly already ' +
    'again similarly further notably then later earlier separately additionally likely correctly ' +
    'falsely reportedly once often still and'
  ).split(' '),
);
const CONNECTORS = new Set(['of', 'for', 'the', 'from', 'and', 'de', 'on', 'in', 'at']);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'some',
  'several',
  'many',
  'other',
  'two',
  'three',
  'four',
  'five',
  'one',
]);
/** Lower-case words that make a subject a speaker ("three sources", "a senior official"). */
const SPEAKER_NOUNS = new Set(
  (
    'source sources official officials spokesperson spokesman spokeswoman analyst analysts ' +
    'reporter reporters diplomat diplomats expert experts milblogger milbloggers blogger bloggers ' +
    'outlet outlets government ministry agency correspondent commander commanders minister ' +
    'president envoy ambassador adviser advisor aide leader leaders observers officer officers ' +
    'senior former top unnamed anonymous western russian ukrainian military intelligence people ' +
    'familiar state-owned state newspaper channel report declaration statement study survey ' +
    'document memo communique communiqué analysis poll data administration company firm ' +
    'police army court council committee union party campaign authorities prosecutors ' +
    'investigators researchers scientists doctors witnesses residents embassy office department ' +
    'bank spokesperson lawmakers legislators regulators organizers organisers'
  ).split(' '),
);
/** Capitalised words of office: a name follows them ("US President Donald Trump"). */
const TITLES = new Set(
  (
    'president vice prime minister secretary spokesperson spokesman spokeswoman press chairperson ' +
    'chairman chair deputy chief general commander ambassador envoy senator sen representative ' +
    'rep speaker head director governor mayor colonel lieutenant major captain admiral marshal ' +
    'sergeant gen lt col chancellor king queen pope foreign defense defence mr mrs ms dr professor ' +
    'prof patriarch leader adviser advisor aide officer premier secretary-general first state ' +
    'outlet newspaper agency channel milblogger blogger correspondent analyst official us u.s uk ' +
    'u.k russian ukrainian american british french german chinese belarusian nato eu kremlin ' +
    'white house group organisation organization charity company firm'
  ).split(' '),
);
/** Capitalised words that are not names (sentence openers, pronouns). */
const NOT_NAMES = new Set(
  (
    'the a an this that these those there it its in on at after before since while when if but ' +
    'and as however meanwhile despite speaking according he she they we i you his her their'
  ).split(' '),
);
const PRONOUNS = new Set(['he', 'she', 'they']);
/** Places and bodies that are names of their own (never a surname to complete). */
const NOT_SURNAMES = new Set(
  'kremlin moscow kyiv kiev russia ukraine nato washington beijing china europe isw gur mod belarus'.split(
    ' ',
  ),
);
/** First words of place names, never given names ("South Sudan", "New Delhi"). */
const PLACE_PREFIXES = new Set(
  'north south east west northern southern eastern western new saint st san santa los las el upper lower great greater central united'.split(
    ' ',
  ),
);
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr gen lt col sen rep st no vs u.s u.k u.n e.u jan feb mar apr jun jul aug sep sept ' +
    'oct nov dec prof gov sgt capt adm maj jr sr inc corp co e.g i.e etc'
  ).split(' '),
);

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*[\p{L}\p{N}\p{M}]|[\p{L}\p{N}]|\S/gu;

function tokenize(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  for (const m of text.slice(from, to).matchAll(TOKEN)) {
    const start = from + m.index;
    out.push({ text: m[0], lower: m[0].toLowerCase(), start, end: start + m[0].length });
  }
  return out;
}

const isCapitalised = (w: string): boolean => /^\p{Lu}/u.test(w);
const bare = (w: string): string => w.replace(/['’]s$/u, '').toLowerCase();

/** The sentences of `text` between `from` and `to`: lines, split after `.`, `!`, `?`. */
function sentences(text: string, from: number, to: number): Range[] {
  const out: Range[] = [];
  const END = /[.!?]+["”’)\]]*(?:\[\d+\])*\s+(?=["“‘([•]?\s*[\p{Lu}\p{N}•])/gu;
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    const line = text.slice(lineStart, lineEnd);
    let s = 0;
    for (const m of line.matchAll(END)) {
      const word = /(\S+)$/u.exec(line.slice(s, m.index))?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) continue;
      out.push({ start: lineStart + s, end: lineStart + m.index + m[0].length });
      s = m.index + m[0].length;
    }
    if (s < line.length) out.push({ start: lineStart + s, end: lineEnd });
    lineStart = lineEnd + 1;
  }
  return out.filter((r) => /\S/u.test(text.slice(r.start, r.end)));
}

/** Quoted stretches (“…” or "…") of a sentence, where cues belong to someone else's words. */
function quotedSpans(text: string, r: Range): Range[] {
  const out: Range[] = [];
  for (const m of text.slice(r.start, r.end).matchAll(/“[^”]*”?|"[^"]*"?/gu)) {
    out.push({ start: r.start + m.index, end: r.start + m.index + m[0].length });
  }
  return out;
}

/** Whether a token can be part of a speaker's noun phrase. */
function nounish(t: Token): boolean {
  if (!/^[\p{L}\p{N}]/u.test(t.text)) return false;
  return (
    isCapitalised(t.text) || CONNECTORS.has(t.lower) || DETERMINERS.has(t.lower) || SPEAKER_NOUNS.has(t.lower)
  );
}

/** Cleans a noun phrase: drops parenthetical acronyms, leading articles and trailing connectors. */
function tidy(words: Token[]): Token[] {
  const w = words.filter((t) => t.text !== '(' && t.text !== ')');
  const articles = ['the', 'a', 'an', 'some'];
  while (
    w.length > 1 &&
    (CONNECTORS.has(w[0]!.lower) || articles.includes(w[0]!.lower) || SUBORDINATORS.has(w[0]!.lower))
  )
    w.shift();
  while (w.length && CONNECTORS.has(w[w.length - 1]!.lower)) w.pop();
  return w;
}

/**
 * Reduces "US President Donald Trump" to "Donald Trump": the trailing run of capitalised
 * non-title words, when a title stands right before it. Bodies ("Ministry of Defense") stay whole.
 */
/** Last words of bodies that a title word may precede ("General Staff", "Foreign Office"). */
const BODY_TAILS = new Set(
  'staff office ministry command council committee department service services forces army police court'.split(
    ' ',
  ),
);

function personOf(words: Token[]): string {
  if (BODY_TAILS.has(words[words.length - 1]?.lower ?? '')) return words.map((t) => t.text).join(' ');
  let i = words.length;
  while (i > 0 && isCapitalised(words[i - 1]!.text) && !TITLES.has(bare(words[i - 1]!.text))) i--;
  const before = words[i - 1];
  if (i < words.length && before && TITLES.has(bare(before.text))) {
    return words
      .slice(i)
      .map((t) => t.text)
      .join(' ');
  }
  return words.map((t) => t.text).join(' ');
}

function candidate(words: Token[], at: number, verb: string): Candidate | undefined {
  const w = tidy(words);
  if (w.length === 0 || w.length > 12) return undefined;
  // "NATO’s alleged violations": a possessive before the "verb" makes it an adjective or noun.
  if (/['’]s$/u.test(w[w.length - 1]!.text)) return undefined;
  if (w.length === 1 && PRONOUNS.has(w[0]!.lower)) return { who: w[0]!.text, at, pronoun: true, verb };
  if (
    w.every((t) => NOT_NAMES.has(t.lower) || !isCapitalised(t.text)) &&
    !w.some((t) => SPEAKER_NOUNS.has(t.lower))
  ) {
    return undefined;
  }
  if (NOT_NAMES.has(w[0]!.lower) && w.length === 1) return undefined;
  return { who: personOf(w), at, pronoun: false, verb };
}

/** The noun phrase ending at token `j` (walking back), skipping a ", who …," clause. */
function subjectBefore(toks: Token[], j: number): Token[] {
  let k = j;
  // "…, he said": a pronoun, whatever its case.
  if (toks[k] && PRONOUNS.has(toks[k]!.lower)) return [toks[k]!];
  // "… and claimed": a second verb of an earlier subject (the caller looks at the sentence start).
  if (toks[k]?.lower === 'and') return [];
  // A relative or participial clause between subject and verb.
  if (toks[k]?.text === ',') {
    let c = k - 1;
    while (c >= 0 && toks[c]!.text !== ',') c--;
    const opener = toks[c + 1]?.lower ?? '';
    // ", who …,", ", citing …,", and appositions (", the head of NATO forces,").
    if (c < 0 || !CLAUSE_OPENERS.has(opener)) return [];
    k = c - 1;
  }
  const words: Token[] = [];
  while (k >= 0 && words.length < 14) {
    const t = toks[k]!;
    if (t.text === ')' && toks[k - 2]?.text === '(') {
      k -= 3;
      continue;
    }
    if (t.text === '.' && ABBREVIATIONS.has(toks[k - 1]?.lower ?? '')) {
      k--;
      continue;
    }
    if (!nounish(t)) break;
    if (t.lower === 'and' && !isCapitalised(toks[k - 1]?.text ?? '')) break;
    words.unshift(t);
    k--;
  }
  return words;
}

/** The noun phrase starting at token `j` (walking forward) up to punctuation. */
function phraseAfter(toks: Token[], j: number, lowerOk: boolean): Token[] {
  const words: Token[] = [];
  for (let k = j; k < toks.length && words.length < 12; k++) {
    const t = toks[k]!;
    if (t.text === '(' && toks[k + 2]?.text === ')') {
      k += 2;
      continue;
    }
    // "Mr. Reeves": the dot of an abbreviation does not end the phrase.
    if (t.text === '.' && ABBREVIATIONS.has(toks[k - 1]?.lower ?? '') && k > j) continue;
    if (!/^[\p{L}\p{N}]/u.test(t.text)) break;
    if (!lowerOk && !nounish(t)) break;
    words.push(t);
  }
  return words;
}

/** All attribution cues of one sentence, outside quotations. */
function cues(text: string, r: Range): Candidate[] {
  const toks = tokenize(text, r.start, r.end);
  const quotes = quotedSpans(text, r);
  const inQuote = (p: number): boolean => quotes.some((q) => p > q.start && p < q.end);
  const out: Candidate[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (inQuote(t.start)) continue;
    if (t.lower === 'according' && toks[i + 1]?.lower === 'to') {
      let words = phraseAfter(toks, i + 2, true);
      // "according to a statement from the Ministry of Defence": the ministry speaks.
      const from = words.findIndex((w, k) => k <= 3 && (w.lower === 'from' || w.lower === 'by'));
      if (from !== -1 && words.slice(from + 1).some((w) => isCapitalised(w.text)))
        words = words.slice(from + 1);
      const c = candidate(words, t.start, t.lower);
      if (c) out.push(c);
      continue;
    }
    if (t.lower === 'per' && isCapitalised(toks[i + 1]?.text ?? '')) {
      const words = phraseAfter(toks, i + 1, false).filter((w) => isCapitalised(w.text));
      const c = candidate(words, t.start, t.lower);
      if (c) out.push(c);
      continue;
    }
    // Right after a quotation's closing mark (which may end the text before this sentence).
    const afterQuote = /["”],?$/u.test(text.slice(Math.max(r.start - 4, t.start - 4), t.start).trimEnd());
    if (PARTICIPLES.has(t.text) && toks[i - 1]?.text === ',') {
      // "The leader of Ennahda, Rachid Ghannouchi, condemned …, saying …": the sentence's subject,
      // or the name in apposition to it.
      const lead = phraseAfter(toks, 0, false);
      const next = toks[lead.length];
      let who = lead;
      if (next?.text === ',') {
        const named = phraseAfter(toks, lead.length + 1, false);
        if (
          named.length &&
          named.every((w) => isCapitalised(w.text)) &&
          toks[lead.length + 1 + named.length]?.text === ','
        )
          who = named;
      }
      const c = candidate(who, t.start, t.lower);
      if (c) out.push(c);
      continue;
    }
    if (INVERTED_ONLY.has(t.text) && afterQuote) {
      // "“…?” she asked", "“…,” recalls Parata".
      const c =
        candidate(subjectBefore(toks, i - 1), t.start, t.lower) ??
        candidate(phraseAfter(toks, i + 1, false), t.start, t.lower);
      if (c) out.push(c);
      continue;
    }
    if (!VERBS.has(t.text)) continue;
    // "NATO states", "Russia's claims": nouns unless what follows reads like reported speech.
    if (NOUN_LIKE.has(t.text) && !REPORTED.has(toks[i + 1]?.lower ?? '')) continue;
    if (
      OBJECT_VERBS.has(t.text) &&
      !REPORTED.has(toks[i + 1]?.lower ?? '') &&
      !toks.slice(i + 1).some((x) => x.text === '“' || x.text === '"')
    )
      continue;
    let j = i - 1;
    let skipped = 0;
    while (j >= 0 && BETWEEN.has(toks[j]!.lower) && toks[j]!.lower !== 'and' && skipped < 4) {
      j--;
      skipped++;
    }
    if (j >= 0 && /^\p{Ll}+ly$/u.test(toks[j]!.text) && skipped < 4) j--;
    let c = candidate(subjectBefore(toks, j), t.start, t.lower);
    // "…, the Ukrainian air force said.", "…, the health ministry said": the whole clause after
    // the comma names the speaker, lower-case words included (the walk back stops at them).
    if (j >= 0 && toks[j]!.end <= t.start) {
      let k = j;
      while (k >= 0 && k > j - 6 && /^[\p{L}][\p{L}'’.-]*$/u.test(toks[k]!.text)) k--;
      const clause = toks.slice(k + 1, j + 1);
      if (
        toks[k]?.text === ',' &&
        clause.length > 1 &&
        (DETERMINERS.has(clause[0]!.lower) || isCapitalised(clause[0]!.text)) &&
        !clause.some((w) => PRONOUNS.has(w.lower) || w.lower === 'that' || w.lower === 'which')
      ) {
        const whole = candidate(clause, t.start, t.lower);
        if (whole && (!c || (whole.who.length > c.who.length && whole.who.endsWith(c.who)))) c = whole;
      }
    }
    if (!c && toks[j]?.lower === 'and') {
      // "Russian sources posted footage … and claimed": the subject that opens the sentence,
      // after an opening phrase ("In Washington, White House press secretary Josh Earnest
      // condemned the attack and said"): its words up to the first verb in the past tense.
      let from = toks[0]?.text === '•' ? 1 : 0;
      const opening = phraseAfter(toks, from, false);
      if (CONNECTORS.has(opening[0]?.lower ?? '') && toks[from + opening.length]?.text === ',')
        from += opening.length + 1;
      const lead: Token[] = [];
      for (let k = from; k < j && lead.length < 8; k++) {
        const w = toks[k]!;
        if (!/^[\p{L}\p{N}]/u.test(w.text) || (/^\p{Ll}+ed$/u.test(w.text) && lead.length > 0)) break;
        lead.push(w);
      }
      c = candidate(lead, t.start, t.lower) ?? candidate(phraseAfter(toks, from, false), t.start, t.lower);
    }
    if (!c && INVERTED_VERBS.has(t.text)) {
      // "“…,” said Kremlin Spokesperson Dmitry Peskov."
      const prev = toks[i - 1]?.text === ',' ? toks[i - 2] : toks[i - 1];
      if ((prev && /["”,]/u.test(prev.text)) || afterQuote) {
        // "wrote Elon Musk on X", "said Zelensky in Kyiv": the name ends before a place or medium.
        const words = phraseAfter(toks, i + 1, false);
        const cut = words.findIndex((w, k) => k > 0 && ['on', 'in', 'at'].includes(w.lower));
        c = candidate(cut === -1 ? words : words.slice(0, cut), t.start, t.lower);
      }
    }
    if (c) out.push(c);
  }
  return out;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** "Rubio" → "Marco Rubio" when the text names him in full somewhere (first mention first). */
function fullName(text: string, surname: string, before: number): string {
  if (!/^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u.test(surname) || NOT_SURNAMES.has(surname.toLowerCase()))
    return surname;
  const re = new RegExp(
    `((?:\\p{Lu}[\\p{Ll}\\p{M}'’-]+\\s+){1,3})${escapeRegExp(surname)}(?![\\p{L}])`,
    'gu',
  );
  const look = (from: number, to: number): string | undefined => {
    for (const m of text.slice(from, to).matchAll(re)) {
      const given = m[1]!.trim().split(/\s+/u);
      const kept: string[] = [];
      for (let i = given.length - 1; i >= 0; i--) {
        const w = given[i]!;
        if (TITLES.has(bare(w)) || NOT_NAMES.has(w.toLowerCase()) || NOT_SURNAMES.has(w.toLowerCase())) break;
        kept.unshift(w);
      }
      // "South Sudan", "New York": a place, not a given name.
      if (kept.length && !PLACE_PREFIXES.has(kept[0]!.toLowerCase())) return `${kept.join(' ')} ${surname}`;
    }
    return undefined;
  };
  return look(0, before) ?? look(before, text.length) ?? surname;
}

/** The nearest cue to the passage: inside it, before it, or (a little worse) after it. */
function nearest(found: Candidate[], start: number, end: number): Candidate | undefined {
  let top: Candidate | undefined;
  let topDistance = Infinity;
  for (const c of found) {
    const d = c.at >= start && c.at < end ? 0 : c.at < start ? start - c.at : c.at - end + 1;
    if (d < topDistance) {
      top = c;
      topDistance = d;
    }
  }
  return top;
}

/**
 * Suggests who asserts the passage `[start, end)` of `text` (UTF-16 offsets): the speaker of the
 * passage's sentence, else of the sentence before it when that one ends with a colon ("Putin
 * stated:"). No cue, no suggestion: a nearby name is never guessed. Recognised cues: "X said / stated /
 * claimed / assesses / told reporters / reported …" (with "has long", "also", "-ly" adverbs or a
 * ", who …," clause between), "according to X", "per X", quoted speech followed by "X said" or
 * "said X", and "X stated: “…”". Cues inside quotation marks are ignored. When several cues
 * compete, the nearest to the passage wins (one preceding or inside it before one after it).
 *
 * The speaker is tidied: articles and parenthetical acronyms dropped ("the Kremlin" → "Kremlin"),
 * titles removed from people ("US President Donald Trump" → "Donald Trump"), a lone surname
 * completed from the text ("Rubio" → "Marco Rubio" when "Marco Rubio" occurs), and "he" / "she"
 * resolved to the previous speaker.
 *
 * @returns The speaker, or null when no cue is found.
 */
export function suggestAttribution(text: string, start: number, end: number): string | null {
  if (start < 0 || end > text.length || end < start) return null;
  // The region: from the paragraph before the passage's paragraph to the end of its own.
  let regionStart = text.lastIndexOf('\n', start - 1);
  while (regionStart > 0 && /\s/u.test(text[regionStart - 1]!)) regionStart--;
  regionStart = regionStart <= 0 ? 0 : text.lastIndexOf('\n', regionStart - 1) + 1;
  const nl = text.indexOf('\n', Math.max(start, end - 1));
  const regionEnd = nl === -1 ? text.length : nl;
  const all = sentences(text, regionStart, regionEnd);
  const first = all.findIndex((s) => s.end > start);
  if (first === -1) return null;
  let last = first;
  while (last + 1 < all.length && all[last + 1]!.start < end) last++;

  const resolve = (c: Candidate, index: number): string | null => {
    if (!c.pronoun) return fullName(text, c.who, start);
    // "He also claimed …": the last named speaker of the sentences before.
    for (let k = index - 1; k >= Math.max(0, index - 3); k--) {
      const named = cues(text, all[k]!).filter((x) => !x.pronoun);
      const previous = named[named.length - 1];
      if (previous) return fullName(text, previous.who, start);
    }
    return null;
  };

  const own = all.slice(first, last + 1).flatMap((s) => cues(text, s));
  const chosen = nearest(own, start, end);
  if (chosen) return resolve(chosen, first);
  // The sentence before speaks for this one only when it introduces it ("Putin stated:");
  // otherwise a nearby name is a guess, and a guess is worse than an empty field.
  const previousSentence = all[first - 1];
  if (previousSentence && /:\s*$/u.test(text.slice(previousSentence.start, all[first]!.start))) {
    const before = cues(text, previousSentence);
    const previous = before[before.length - 1];
    if (previous) return resolve(previous, first - 1);
  }
  return null;
}

/**
 * The attribution cues of the sentence `[start, end)` of `text`, outside its quotations, in
 * text order ("Rubio stated that", "according to three sources", "“…,” said Peskov").
 */
export function speechCues(text: string, start: number, end: number): SpeechCue[] {
  return cues(text, { start, end });
}

/**
 * Completes a lone surname from the text ("Rubio" → "Marco Rubio" when "Marco Rubio" occurs,
 * the mention before `before` first); anything else is returned as it is.
 */
export function completeName(text: string, who: string, before: number): string {
  return fullName(text, who, before);
}
