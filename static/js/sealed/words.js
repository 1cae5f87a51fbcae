// The page's own words: what a sealed page's script may say, the page writes in its language into its
// <template id="words">, each phrase under a name (data-word); the script only picks them and fills in
// numbers, names and dates.

function phrase(name) {
  const found = document.getElementById("words")?.content.querySelector(`[data-word="${name}"]`);
  if (!found) throw new Error(`the page gives no words for "${name}"`);
  return found;
}

export function word(name) {
  return phrase(name).textContent;
}

/**
 * "3 shared yeses": a number with the page's words for one and for more (data-one, data-other), the two
 * forms every language of the site counts with (Plural-Forms in its .po file).
 */
export function counted(count, name) {
  const forms = phrase(name).dataset;
  return `${count} ${count === 1 ? forms.one : forms.other}`;
}

/** A phrase with slots (<span data-…>) filled in: its nodes, to put in place. */
export function sentence(name, values) {
  const made = phrase(name).cloneNode(true);
  for (const [slot, value] of Object.entries(values)) made.querySelector(`[data-${slot}]`).textContent = value;
  return [...made.childNodes];
}

/** The same, as text. */
export function filled(name, values) {
  return sentence(name, values)
    .map((node) => node.textContent)
    .join("");
}
