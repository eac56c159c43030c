import type { MammoView } from '../image/decodedImage';

/**
 * View for Mammography (DICOM CID 4014) codes -> our views: SNOMED CT (SCT), the SNOMED RT
 * codes (SRT/SNM3) that older modalities still write, and the deprecated pre-2009 XCCL code.
 */
const VIEW_CODES: Readonly<Record<string, MammoView>> = {
  '399162004': 'CC',
  'R-10242': 'CC',
  '399368009': 'MLO',
  'R-10226': 'MLO',
  '399260004': 'ML',
  'R-10224': 'ML',
  '399352003': 'LM',
  'R-10228': 'LM',
  '399192008': 'XCCL',
  'R-1024A': 'XCCL',
  'Y-X1770': 'XCCL',
};

/** ViewPosition (0018,5101) values, which for MG are the ACR MQCM abbreviations. */
const VIEW_POSITIONS: Readonly<Record<string, MammoView>> = {
  CC: 'CC',
  MLO: 'MLO',
  ML: 'ML',
  LM: 'LM',
  XCCL: 'XCCL',
};

export function viewFromCode(codeValue: string): MammoView | undefined {
  return VIEW_CODES[codeValue];
}

export function viewFromPosition(viewPosition: string): MammoView | undefined {
  return VIEW_POSITIONS[viewPosition.toUpperCase()];
}
