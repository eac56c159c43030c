/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * What the browser tests ask of the viewer page: its language, the AI marks placed, what each
 * viewport shows, and a drawing drag. Read through cornerstone's globals, as the mode exposes them.
 */
import type { Page } from 'playwright-core';

/** The viewer's language as its language menu keeps it: i18next's storage key and cookie. */
export function chooseLanguage(page: Page, language: 'fr' | 'en'): Promise<void> {
  return page.evaluate((lng) => {
    const { document, localStorage } = globalThis as any;
    localStorage.setItem('i18nextLng', lng);
    document.cookie = `i18next=${lng}; path=/`;
  }, language);
}

/** Resolves once the mode placed the AI marks in cornerstone's annotation state. */
export async function aiMarksPlaced(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      ((globalThis as any).cornerstoneTools?.annotation.state.getAllAnnotations() ?? []).some(
        (a: any) => a.metadata.toolName === 'SentinelleAiFinding',
      ),
    undefined,
    { timeout: 60_000 },
  );
}

/** Once each viewport holds an image: its id, and the image's study, laterality and view code. */
export async function viewportsShowing(page: Page, ids: readonly string[]): Promise<string[][]> {
  await page.waitForFunction(
    (ids) => {
      const engine = (globalThis as any).cornerstone?.getRenderingEngines?.()[0];
      return ids.every((id: string) => engine?.getViewport(id)?.getCurrentImageId?.());
    },
    ids,
    { timeout: 60_000 },
  );
  return page.evaluate((ids) => {
    const cs = (globalThis as any).cornerstone;
    const engine = cs.getRenderingEngines()[0];
    return ids.map((id: string) => {
      const instance = cs.metaData.get('instance', engine.getViewport(id).getCurrentImageId());
      return [
        id,
        instance.StudyInstanceUID,
        instance.ImageLaterality,
        instance.ViewCodeSequence?.[0]?.CodeValue,
      ];
    });
  }, ids);
}

/**
 * A drag of 40 × 30 screen pixels in a viewport with the active tool, from the point at fractions
 * `fx`, `fy` of its width and height.
 */
export async function dragIn(page: Page, viewportId: string, fx: number, fy: number): Promise<void> {
  const box = (await page.locator(`[data-viewportid="${viewportId}"]`).boundingBox())!;
  const x = box.x + box.width * fx;
  const y = box.y + box.height * fy;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 40, y + 30, { steps: 8 });
  await page.mouse.up();
}
