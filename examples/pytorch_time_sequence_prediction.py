"""PyTorch's examples/time_sequence_prediction (train.py), ported by changing its imports and
its data source.

    python examples/pytorch_time_sequence_prediction.py --steps 15

Two stacked LSTM cells (1 -> 51 -> 51) and a Linear read-out, in float64, learn sine waves
with L-BFGS (lr 0.8) and a closure; after each step the model continues three held-out waves
``--future`` steps beyond their end under ``no_grad``. The model, the closure, the optimizer
and the plot are PyTorch's. Only the marked import block differs, and the data: PyTorch's
example reads ``traindata.pt`` written by its generate_sine_wave.py, whose few lines run here
in-process instead (``--length`` shortens the waves, ``--waves`` makes fewer of them). The
plots (``predict<step>.pdf``) are drawn when matplotlib is installed, into ``--out``;
``--no-plot`` skips them.
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
import nn.optim as optim  # noqa: E402

# -- end of the import block ------------------------------------------------------------------


class Sequence(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm1 = nn.LSTMCell(1, 51)
        self.lstm2 = nn.LSTMCell(51, 51)
        self.linear = nn.Linear(51, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), 51, dtype=torch.double)
        c_t = torch.zeros(input.size(0), 51, dtype=torch.double)
        h_t2 = torch.zeros(input.size(0), 51, dtype=torch.double)
        c_t2 = torch.zeros(input.size(0), 51, dtype=torch.double)

        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for _ in range(future):  # if we should predict the future
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        outputs = torch.cat(outputs, dim=1)
        return outputs


def generate_sine_wave(T=20, L=1000, N=100):
    """The data source: generate_sine_wave.py's N sine waves of period 2*pi*T, each L samples
    long and shifted by a random whole number of samples (NumPy's seed 2, as there)."""
    np.random.seed(2)
    x = np.empty((N, L), "int64")
    x[:] = np.array(range(L)) + np.random.randint(-4 * T, 4 * T, N).reshape(N, 1)
    return np.sin(x / 1.0 / T).astype("float64")


def draw_prediction(y, length, future, path):
    """PyTorch's plot: the three held-out waves, the predicted continuation dotted."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    plt.figure(figsize=(30, 10))
    plt.title("Predict future values for time sequences\n(Dashlines are predicted values)",
              fontsize=30)
    plt.xlabel("x", fontsize=20)
    plt.ylabel("y", fontsize=20)
    plt.xticks(fontsize=20)
    plt.yticks(fontsize=20)

    def draw(yi, color):
        plt.plot(np.arange(length), yi[:length], color, linewidth=2.0)
        plt.plot(np.arange(length, length + future), yi[length:], color + ":", linewidth=2.0)

    draw(y[0], "r")
    draw(y[1], "g")
    draw(y[2], "b")
    plt.savefig(path)
    plt.close()
    return path


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=15, help="steps to run")
    parser.add_argument("--length", type=int, default=1000, help="samples per sine wave")
    parser.add_argument("--waves", type=int, default=100, help="sine waves (3 held out)")
    parser.add_argument("--future", type=int, default=1000, help="steps predicted beyond")
    parser.add_argument("--out", default=".", help="folder for the predict<step>.pdf plots")
    parser.add_argument("--no-plot", action="store_true", help="draw no plots")
    opt = parser.parse_args(argv)
    # set random seed to 0
    np.random.seed(0)
    torch.manual_seed(0)
    # load data and make training set
    data = generate_sine_wave(L=opt.length, N=opt.waves)
    input = torch.from_numpy(data[3:, :-1])
    target = torch.from_numpy(data[3:, 1:])
    test_input = torch.from_numpy(data[:3, :-1])
    test_target = torch.from_numpy(data[:3, 1:])
    # build the model
    seq = Sequence()
    seq.double()
    criterion = nn.MSELoss()
    # use LBFGS as optimizer since we can load the whole data to train
    optimizer = optim.LBFGS(seq.parameters(), lr=0.8)
    history, losses = [], []  # per step, and every closure's loss
    # begin to train
    for i in range(opt.steps):
        print("STEP: ", i)
        start = len(losses)

        def closure():
            optimizer.zero_grad()
            out = seq(input)
            loss = criterion(out, target)
            print("loss:", loss.item())
            losses.append(loss.item())
            loss.backward()
            return loss

        optimizer.step(closure)
        # begin to predict, no need to track gradient here
        with torch.no_grad():
            future = opt.future
            pred = seq(test_input, future=future)
            loss = criterion(pred[:, :-future], test_target)
            print("test loss:", loss.item())
            y = pred.detach().numpy()
        history.append({"first_loss": losses[start], "last_loss": losses[-1],
                        "evaluations": len(losses) - start, "test_loss": loss.item()})
        # draw the result
        if not opt.no_plot:
            os.makedirs(opt.out, exist_ok=True)
            draw_prediction(y, input.size(1), future, os.path.join(opt.out, f"predict{i}.pdf"))
    return {"history": history, "prediction": y}


if __name__ == "__main__":
    main()
