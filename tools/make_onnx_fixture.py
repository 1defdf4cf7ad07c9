#!/usr/bin/env python3
"""Writes common's ONNX test fixture (common/src/test/resources/onnx/): a tiny seeded convolutional "backbone"
(3x32x32 -> 8 features) as TorchScript, then exported by tools/export_onnx.py exactly as a real backbone is.
OnnxBackboneTest loads both and compares them. Run with the venv of make deps-onnx:
  .stylesync/onnx-venv/bin/python tools/make_onnx_fixture.py
"""
import subprocess
import sys
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parent.parent / "common/src/test/resources/onnx"


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x))).mean(dim=(2, 3))


torch.manual_seed(7)
model = Tiny().eval()
with torch.no_grad():
    model.bn.running_mean.uniform_(-0.1, 0.1)
    model.bn.running_var.uniform_(0.5, 1.5)
OUT.mkdir(parents=True, exist_ok=True)
torch.jit.trace(model, torch.zeros(1, 3, 32, 32)).save(str(OUT / "tiny.pt"))
subprocess.run([sys.executable, str(Path(__file__).parent / "export_onnx.py"), "--backbone", str(OUT / "tiny.pt"),
                "--size", "32"], check=True)
