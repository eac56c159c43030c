export { reportToFhirBundle, FhirRenderError, type FhirReportRefs } from './reportBundle';
export { fhirProblems, fhirErrors, type FhirProblem, type FhirResourceJson } from './validate';
export { toFhirXml, fromFhirXml, FhirXmlError, FHIR_NAMESPACE, type FhirXmlOptions } from './xml';
export { loadFhirDefinitions } from './definitions';
export {
  fhirType,
  isPrimitiveType,
  isResourceTypeName,
  RESOURCE_TYPE,
  XHTML_TYPE,
  type FhirElement,
  type FhirType,
} from './definitions';
export { walkResource, type VisitedElement } from './walk';
