export {
  CA_VALIDITY_DAYS,
  DEMO_CA_NAME,
  DEMO_MARK,
  DOCUMENT_SIGNING_EKU,
  SIGNING_VALIDITY_DAYS,
  signingCommonName,
  TLS_DNS_NAMES,
  TLS_IP_ADDRESSES,
  TLS_VALIDITY_DAYS,
} from './certificates';
export { DEMO_PKI_FILES, ensureDemoPki, RENEW_WITHIN_DAYS } from './demoPki';
export type { DemoPki, DemoPkiOptions, DemoPkiPart } from './demoPki';
