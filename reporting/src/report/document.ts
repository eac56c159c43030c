import type { ReportLocale, RichText } from './model';

/**
 * A report laid out for reading: the template applied and every phrase written in the report's
 * language. The PDF renders exactly this; nothing in it is computed again.
 */
export interface ReportDocument {
  readonly locale: ReportLocale;
  readonly header: {
    readonly institutionName: string;
    readonly addressLines: readonly string[];
    /** PNG bytes of the institution's logo, or null. */
    readonly logoPng: Uint8Array | null;
  };
  readonly title: string;
  /** Patient and exam identification, label then value ("Patiente", "DUPONT Marie"). */
  readonly identification: readonly { readonly label: string; readonly value: string }[];
  readonly sections: readonly { readonly heading: string; readonly body: RichText }[];
  /** The signature block ("Signé électroniquement par … le …"), or null for a draft. */
  readonly signature: readonly string[] | null;
  /** Small print at the foot of every page (research-model notice, template version). */
  readonly footer: readonly string[];
}
