/**
 * Peak fp32 throughput of the cores a benchmark uses, estimated from /proc/cpuinfo:
 *   cores × FMA pipes (2) × fp32 lanes of the vector datapath × 2 (multiply + add) × clock.
 * The datapath is what executes, not what the instruction set names: AMD Zen 2–4 (family 0x17 and
 * 0x19) run AVX-512 on 256-bit units, so 8 lanes; Intel with AVX-512 and AMD Zen 5 (0x1a) have
 * 512-bit units, 16 lanes; AVX2 8 lanes; otherwise SSE, 4. The clock is /proc/cpuinfo's
 * "cpu MHz", which in a virtual machine is the nominal (TSC) frequency: under turbo the real
 * peak is higher and the share of peak lower than printed.
 */
export interface CpuPeak {
  readonly flopsPerSecond: number;
  readonly description: string;
}

export function cpuPeak(threads: number, cpuinfo: string): CpuPeak {
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim() ?? '';
  const flags = ` ${field('flags')} `;
  const vendor = field('vendor_id');
  const family = Number(field('cpu family'));
  const mhz = Number(field('cpu MHz'));
  if (!(mhz > 0)) throw new Error('/proc/cpuinfo gives no "cpu MHz": the CPU peak cannot be estimated');
  const amd256 = vendor === 'AuthenticAMD' && family < 0x1a;
  const lanes = flags.includes(' avx512f ') && !amd256 ? 16 : flags.includes(' avx2 ') ? 8 : 4;
  const fmaPipes = 2;
  const perCycle = fmaPipes * lanes * 2;
  return {
    flopsPerSecond: threads * perCycle * mhz * 1e6,
    description:
      `${threads} cores × ${fmaPipes} FMA pipes × ${lanes} fp32 lanes × 2 × ${mhz.toFixed(0)} MHz ` +
      `(${field('model name') || vendor}, family 0x${family.toString(16)}; nominal clock from /proc/cpuinfo)`,
  };
}
