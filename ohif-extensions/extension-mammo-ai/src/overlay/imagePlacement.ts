import { cornerstone } from '../ohif';

/**
 * Where an annotation drawn on `imageId` lies, as cornerstone's annotation state wants it: the
 * image, and its plane (frame of reference, normal, up) when the image has one. Mammograms are
 * projections: most have no frame of reference, and the image alone places the annotation.
 */
export function imagePlacement(imageId: string) {
  const plane = cornerstone().metaData.get('imagePlaneModule', imageId);
  const frameOfReferenceUID: string | undefined = plane?.frameOfReferenceUID;
  return {
    frameOfReferenceUID,
    metadata: {
      referencedImageId: imageId,
      FrameOfReferenceUID: frameOfReferenceUID,
      viewPlaneNormal:
        plane?.rowCosines && plane?.columnCosines ? cross(plane.rowCosines, plane.columnCosines) : undefined,
      viewUp: plane?.columnCosines ? plane.columnCosines.map((v: number) => -v) : undefined,
    },
  };
}

function cross(a: number[], b: number[]): number[] {
  return [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
}
