"""nn.optim: optimizers over raw backend arrays, and learning-rate schedulers (``torch.optim``)."""

from __future__ import annotations

from nn.optim import lr_scheduler
from nn.optim.adagrad import Adadelta, Adagrad
from nn.optim.adam import Adam, AdamW
from nn.optim.optimizer import Optimizer
from nn.optim.rmsprop import RMSprop
from nn.optim.sgd import SGD

__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]
