import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The external DICOM checkers the tests run on produced files: dicom3tools' dciodvfy (IOD
 * modules and attributes), dcmtk's dsrdump (SR encoding and content tree) and PixelMed's SR
 * validator (templates: which concepts, codes and relationships may stand where).
 */
const run = promisify(execFile);

export interface ToolOutput {
  readonly exitCode: number;
  /** stdout and stderr together. */
  readonly output: string;
}

async function tool(command: string, args: readonly string[], timeoutMs: number): Promise<ToolOutput> {
  try {
    const { stdout, stderr } = await run(command, [...args], {
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { exitCode: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string; killed?: boolean };
    if (typeof failed.code !== 'number') throw error; // not started (ENOENT) or killed: a broken setup
    return { exitCode: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

export function dciodvfy(file: string): Promise<ToolOutput> {
  return tool('dciodvfy', [file], 60_000);
}

/** dsrdump with long values printed whole and the referenced SOP instance UIDs shown. */
export function dsrdump(file: string): Promise<ToolOutput> {
  return tool('dsrdump', ['+Pl', '+Pu', file], 60_000);
}

const PIXELMED_CLASSPATH = [
  '/usr/share/java/pixelmed.jar',
  '/usr/share/java/commons-codec.jar',
  '/usr/share/java/slf4j-api.jar',
  '/usr/share/java/jaxb-api.jar',
  '/usr/share/java/javax.json.jar',
].join(':');

export function pixelmedSrValidator(file: string): Promise<ToolOutput> {
  return tool(
    'java',
    [
      '-Djdk.xml.xpathExprOpLimit=0',
      '-Djdk.xml.xpathExprGrpLimit=0',
      '-Djdk.xml.xpathTotalOpLimit=0',
      '-cp',
      PIXELMED_CLASSPATH,
      'com.pixelmed.validate.DicomSRValidator',
      file,
    ],
    110_000,
  );
}

/** The lines of a tool's output that contain `marker` (e.g. "Error", "Warning:"). */
export function linesWith(output: string, marker: string): string[] {
  return output.split('\n').filter((line) => line.includes(marker));
}
export { legacyBinarySeg } from './legacySeg';
