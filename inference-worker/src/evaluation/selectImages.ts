/** Which labelled images an evaluation scores: the validation women, then at most `limit` images. */

export interface WomanImage {
  readonly file: string;
  readonly patient: string;
}

/** Keeps the images of the given women, in label order. */
export function ofWomen<T extends WomanImage>(images: readonly T[], women: ReadonlySet<string>): T[] {
  return images.filter((i) => women.has(i.patient));
}

/**
 * At most `limit` images, taken as whole women (an exam score needs all of a woman's images):
 * first women spread evenly over the label order, so a small run sees both ends of a sorted file
 * (mini-MIAS and RSNA list their women by id, cancers and normals in blocks), then the others in
 * label order while they fit. The first woman is always kept, even when she alone has more images
 * than the limit.
 */
export function limitByWomen<T extends WomanImage>(images: readonly T[], limit: number): T[] {
  if (images.length <= limit) return [...images];
  const byWoman = new Map<string, T[]>();
  for (const image of images) byWoman.set(image.patient, [...(byWoman.get(image.patient) ?? []), image]);
  const women = [...byWoman.values()];
  const wanted = Math.max(1, Math.round(limit / (images.length / women.length)));
  const spread = new Set(Array.from({ length: wanted }, (_, k) => Math.floor((k * women.length) / wanted)));
  const order = [...spread, ...women.keys()].filter((w, i, all) => all.indexOf(w) === i);
  const chosen: T[] = [];
  for (const w of order) {
    const woman = women[w]!;
    if (chosen.length > 0 && chosen.length + woman.length > limit) continue;
    chosen.push(...woman);
    if (chosen.length === limit) break;
  }
  return chosen;
}
