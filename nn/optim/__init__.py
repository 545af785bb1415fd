"""nn.optim: optimizers over raw backend arrays, and learning-rate schedulers (``torch.optim``)."""

from __future__ import annotations

from nn.optim import lr_scheduler
from nn.optim.adafactor import Adafactor
from nn.optim.adagrad import Adadelta, Adagrad
from nn.optim.adam import Adam, AdamW
from nn.optim.adam_variants import Adamax, NAdam, RAdam, SparseAdam
from nn.optim.lbfgs import LBFGS
from nn.optim.muon import Muon
from nn.optim.optimizer import Optimizer
from nn.optim.rmsprop import RMSprop
from nn.optim.rprop import ASGD, Rprop
from nn.optim.sgd import SGD
from nn.optim.zero import ZeroRedundancyOptimizer

__all__ = ["ASGD", "LBFGS", "SGD", "Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax",
           "Muon", "NAdam",
           "Optimizer", "RAdam", "RMSprop", "Rprop", "SparseAdam", "ZeroRedundancyOptimizer",
           "lr_scheduler"]
