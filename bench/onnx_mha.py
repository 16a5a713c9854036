# Builds the two ONNX graphs that bench/onnx-mha.ts times with onnxruntime-node, from attnlab's own weights.
# Run by that bench: /usr/bin/python3 bench/onnx_mha.py WEIGHTS_DIR B T C H (needs Debian's python3-onnx).
# WEIGHTS_DIR holds manifest.json ({name: shape}) and one little-endian float32 file per tensor, written by the
# bench from a seeded attnlab MultiheadAttention, so both sides compute the same function and the bench can
# compare their outputs. Two graphs, both self-attention with need_weights off:
#   fused.onnx: x·Wᵀ (packed q, k, v) → onnxruntime's com.microsoft.MultiHeadAttention (bias inside) → out-projection
#   plain.onnx: the same from standard opset-17 operators (MatMul, Reshape, Transpose, Softmax)
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

wdir, B, T, C, H = sys.argv[1], *map(int, sys.argv[2:6])
D = C // H
shapes = json.load(open(os.path.join(wdir, 'manifest.json')))
w = {n: np.fromfile(os.path.join(wdir, n + '.f32'), dtype='<f4').reshape(s) for n, s in shapes.items()}

x_in = helper.make_tensor_value_info('x', TensorProto.FLOAT, [B, T, C])
y_out = helper.make_tensor_value_info('y', TensorProto.FLOAT, [B, T, C])
init = lambda name, a: numpy_helper.from_array(np.ascontiguousarray(a, dtype=np.float32), name)
ints = lambda name, a: numpy_helper.from_array(np.array(a, dtype=np.int64), name)
# attnlab (as PyTorch) stores Linear weights (out, in): y = x·Wᵀ + b
common = [init('w_in_t', w['in_proj_weight'].T), init('w_out_t', w['out_proj.weight'].T), init('b_out', w['out_proj.bias'])]


def save(name, nodes, inits):
    graph = helper.make_graph(nodes, name, [x_in], [y_out], common + inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17), helper.make_opsetid('com.microsoft', 1)])
    model.ir_version = 8
    onnx.save(model, os.path.join(wdir, name + '.onnx'))


save('fused', [
    helper.make_node('MatMul', ['x', 'w_in_t'], ['qkv']),
    helper.make_node('Split', ['qkv', 'split3'], ['q', 'k', 'v'], axis=2),
    helper.make_node('MultiHeadAttention', ['q', 'k', 'v', 'b_in'], ['o'], domain='com.microsoft', num_heads=H),
    helper.make_node('MatMul', ['o', 'w_out_t'], ['o2']),
    helper.make_node('Add', ['o2', 'b_out'], ['y']),
], [init('b_in', w['in_proj_bias']), ints('split3', [C, C, C])])

plain = [
    helper.make_node('MatMul', ['x', 'w_in_t'], ['qkv0']),
    helper.make_node('Add', ['qkv0', 'b_in'], ['qkv']),
    helper.make_node('Reshape', ['qkv', 'shape5'], ['qkv5']),        # (B, T, 3, H, D)
    helper.make_node('Transpose', ['qkv5'], ['heads'], perm=[2, 0, 3, 1, 4]),  # (3, B, H, T, D)
    helper.make_node('Split', ['heads', 'split1'], ['q1', 'k1', 'v1'], axis=0),
    helper.make_node('Squeeze', ['q1', 'axis0'], ['q']),
    helper.make_node('Squeeze', ['k1', 'axis0'], ['k']),
    helper.make_node('Squeeze', ['v1', 'axis0'], ['v']),
    helper.make_node('Transpose', ['k'], ['kt'], perm=[0, 1, 3, 2]),
    helper.make_node('MatMul', ['q', 'kt'], ['s0']),
    helper.make_node('Mul', ['s0', 'scale'], ['s']),
    helper.make_node('Softmax', ['s'], ['p'], axis=-1),
    helper.make_node('MatMul', ['p', 'v'], ['o4']),                  # (B, H, T, D)
    helper.make_node('Transpose', ['o4'], ['o4t'], perm=[0, 2, 1, 3]),
    helper.make_node('Reshape', ['o4t', 'shape3'], ['o']),
    helper.make_node('MatMul', ['o', 'w_out_t'], ['o2']),
    helper.make_node('Add', ['o2', 'b_out'], ['y']),
]
save('plain', plain, [
    init('b_in', w['in_proj_bias']), ints('shape5', [B, T, 3, H, D]), ints('split1', [1, 1, 1]), ints('axis0', [0]),
    init('scale', np.array(1 / np.sqrt(D))), ints('shape3', [B, T, C]),
])
print(json.dumps({'onnx': onnx.__version__}))
