import type { BreastLaterality } from '../../../findings/imageFindings';
import type { MassShape } from '../../../findings/lesion';
import type { BiradsCategory } from '../../../findings/readerReview';
import type { BreastComposition, BreastLocation, MassMargin, Recommendation } from '../../model';

/** The BI-RADS terms of one language, as the report's sentences use them. */
export interface BiradsLexicon {
  /** "sein droit" / "right breast". */
  readonly breast: Readonly<Record<BreastLaterality, string>>;
  /** A whole statement: "Seins graisseux (type a)". */
  readonly composition: Readonly<Record<BreastComposition, string>>;
  /** "ACR 4B" / "BI-RADS 4B": the category as the language's reports cite it. */
  assessment(category: BiradsCategory): string;
  /** The category's standard name, in lower case to follow its citation: "suspicion modérée de malignité". */
  readonly categoryName: Readonly<Record<BiradsCategory, string>>;
  /** A list item: "Prélèvement percutané pour diagnostic histologique". */
  readonly recommendation: Readonly<Record<Recommendation, string>>;
  /** Agreeing with a feminine noun in French (masse, forme): "irrégulière". */
  readonly shape: Readonly<Record<MassShape, string>>;
  /** Agreeing with a masculine plural in French (contours): "spiculés". */
  readonly margin: Readonly<Record<MassMargin, string>>;
  /** With its preposition and article: "dans le quadrant supéro-externe". */
  readonly location: Readonly<Record<BreastLocation, string>>;
  /** "à 10 h" / "at 10 o'clock". */
  clockPosition(hour: number): string;
  /** The calcification finding's noun: "microcalcifications". */
  readonly calcifications: string;
  /** The mass finding's noun: "masse" / "mass". */
  readonly mass: string;
}
