import {
  pairedLesionExam as exam,
  PAIRED_CC_SOP as CC,
  PAIRED_MLO_SOP as MLO,
} from '../testing/pairedLesionExam';
import { validatedFindings } from './validatedFindings';

const keys = (findings: ReturnType<typeof validatedFindings>) => findings.map((f) => f.aiLesionKey);

describe('validatedFindings', () => {
  it('validatedFindings keeps one finding per lesion, at its better view, sized as the lesion', () => {
    const kept = validatedFindings({ overall: 'agree', lesions: [] }, exam);
    expect(kept).toEqual([
      {
        id: 'R1',
        aiLesionKey: `${CC}:L1`,
        sopInstanceUid: CC,
        type: 'mass',
        region: { kind: 'point', point: { x: 30, y: 50 } },
        diameterMm: 12,
        shape: 'irregular',
        note: null,
      },
      expect.objectContaining({ id: 'R2', aiLesionKey: `${CC}:L2`, type: 'calcifications', diameterMm: 4 }),
    ]);
  });

  it('validatedFindings leaves out a lesion rejected on its views, and keeps one agreed with on either view', () => {
    const rejected = { lesionKey: `${CC}:L1`, agree: false };
    expect(keys(validatedFindings({ overall: 'agree', lesions: [rejected] }, exam))).toEqual([`${CC}:L2`]);
    const agreedOnMlo = { lesionKey: `${MLO}:L1`, agree: true };
    expect(keys(validatedFindings({ overall: 'agree', lesions: [rejected, agreedOnMlo] }, exam))).toEqual([
      `${CC}:L1`,
      `${CC}:L2`,
    ]);
  });

  it('validatedFindings keeps, after an overall disagreement, only the lesions agreed with', () => {
    expect(validatedFindings({ overall: 'disagree', lesions: [] }, exam)).toEqual([]);
    const agreed = { lesionKey: `${CC}:L2`, agree: true };
    expect(keys(validatedFindings({ overall: 'disagree', lesions: [agreed] }, exam))).toEqual([`${CC}:L2`]);
  });
});
