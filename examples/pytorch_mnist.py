"""PyTorch's examples/mnist/main.py, ported by changing its imports and its data source.

    python examples/pytorch_mnist.py --epochs 2

The model, the training and test loops, Adadelta with StepLR, and the command line are
PyTorch's. Only the marked import block differs (``torch`` is ``autograd`` here), and the
data: scikit-learn's 8x8 digits upscaled to MNIST's 28x28, since the MNIST download needs
the network (``--limit`` takes the first N images).
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# -- the import block: the only lines changed from PyTorch's example -------------------------
import autograd as torch  # noqa: E402
import nn  # noqa: E402
import nn.functional as F  # noqa: E402
import nn.optim as optim  # noqa: E402
from nn.data import DataLoader, TensorDataset  # noqa: E402
from nn.optim.lr_scheduler import StepLR  # noqa: E402

# -- end of the import block ------------------------------------------------------------------


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def train(args, model, device, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % args.log_interval == 0:
            print(f"Train Epoch: {epoch} [{batch_idx * len(data)}/{len(train_loader.dataset)} "
                  f"({100. * batch_idx / len(train_loader):.0f}%)]\tLoss: {loss.item():.6f}")
            if args.dry_run:
                break


def test(model, device, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()
            pred = output.argmax(dim=1, keepdim=True)
            correct += pred.eq(target.view_as(pred)).sum().item()
    test_loss /= len(test_loader.dataset)
    accuracy = correct / len(test_loader.dataset)
    print(f"\nTest set: Average loss: {test_loss:.4f}, Accuracy: {correct}/"
          f"{len(test_loader.dataset)} ({100. * accuracy:.0f}%)\n")
    return test_loss, accuracy


def load_digits_28(limit=None):
    """The data source: scikit-learn's digits, scaled to [0, 1], upscaled 8x8 -> 28x28 (each
    pixel a 3x3 block, centred in a 2-pixel border) and normalised like MNIST."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images[:limit] / 16.0
    big = np.kron(images, np.ones((3, 3)))
    big = np.pad(big, ((0, 0), (2, 2), (2, 2)))
    big = (big - 0.1307) / 0.3081
    return big[:, None].astype(np.float32), digits.target[:limit].astype(np.int64)


def main(argv=None):
    parser = argparse.ArgumentParser(description="PyTorch MNIST Example")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--test-batch-size", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--gamma", type=float, default=0.7)
    parser.add_argument("--no-accel", action="store_true")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-interval", type=int, default=10)
    parser.add_argument("--limit", type=int, default=None, help="use the first N digits")
    args = parser.parse_args(argv)

    use_accel = not args.no_accel and torch.accelerator.is_available()
    torch.manual_seed(args.seed)
    device = torch.accelerator.current_accelerator() if use_accel else torch.device("cpu")

    x, y = load_digits_28(args.limit)
    split = int(0.8 * len(x))
    train_set = TensorDataset(torch.tensor(x[:split]), torch.tensor(y[:split]))
    test_set = TensorDataset(torch.tensor(x[split:]), torch.tensor(y[split:]))
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=args.test_batch_size)

    model = Net().to(device)
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)
    scheduler = StepLR(optimizer, step_size=1, gamma=args.gamma)
    result = None
    for epoch in range(1, args.epochs + 1):
        train(args, model, device, train_loader, optimizer, epoch)
        result = test(model, device, test_loader)
        scheduler.step()
    return {"test_loss": result[0], "accuracy": result[1]}


if __name__ == "__main__":
    main()
