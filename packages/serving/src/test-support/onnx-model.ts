/**
 * Writes a tiny ONNX model by hand (Debian has no python3-onnx and PyPI is out of reach):
 * `Y = X · W + B` with X float [N, 2], W = [[2], [3]], B = [1], so Y = 2·x0 + 3·x1 + 1.
 */

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, data: number[] | Buffer) => [...key(field, 2), ...varint(data.length), ...data];
const str = (field: number, s: string) => bytes(field, Buffer.from(s));

function tensor(name: string, dims: number[], values: number[]): number[] {
  const raw = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => raw.writeFloatLE(v, i * 4));
  return [...dims.flatMap((d) => int(1, d)), ...int(2, 1), ...str(8, name), ...bytes(9, raw)];
}

function valueInfo(name: string, dims: (number | string)[]): number[] {
  const dim = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, 1), ...bytes(2, dim)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

function node(op: string, inputs: string[], outputs: string[], name: string): number[] {
  return [...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(3, name), ...str(4, op)];
}

/** The bytes of the MatMul + Add model. */
export function linearOnnxModel(): Buffer {
  const graph = [
    ...bytes(1, node('MatMul', ['X', 'W'], ['XW'], 'matmul')),
    ...bytes(1, node('Add', ['XW', 'B'], ['Y'], 'add')),
    ...str(2, 'linear'),
    ...bytes(5, tensor('W', [2, 1], [2, 3])),
    ...bytes(5, tensor('B', [1], [1])),
    ...bytes(11, valueInfo('X', ['N', 2])),
    ...bytes(12, valueInfo('Y', ['N', 1])),
  ];
  return Buffer.from([...int(1, 7), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])]);
}
