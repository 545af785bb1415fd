"""PyTorch's examples/word_language_model (main.py, model.py, data.py in one file), ported by
changing its imports and its data source.

    python examples/pytorch_word_language_model.py --epochs 2 --lines 400
    python examples/pytorch_word_language_model.py --model Transformer --epochs 2 --lines 400

A word-level language model: an embedding, dropout, a recurrent layer chosen by name
(``getattr(nn, "LSTM")``, GRU, RNN_TANH, RNN_RELU) or a Transformer encoder with sine
positional encoding and a causal mask, and a Linear decoder (its weight optionally tied to the
embedding's). Training is PyTorch's: truncated backpropagation through time over ``bptt``-long
slices of ``batchify``-ed columns, the hidden state detached between slices
(``repackage_hidden``), ``clip_grad_norm_`` and a hand-written SGD step
``p.data.add_(p.grad, alpha=-lr)`` (or AdamW with ``--use-optimizer``), the learning rate
divided by 4 whenever the validation loss does not improve, perplexity ``exp(loss)``.

What differs from PyTorch's example:
- the marked import block (``torch`` is ``autograd`` here, ``torch.nn`` is ``nn``);
- the data: PyTorch's reads Wikitext-2 (a download); here train.txt, valid.txt and test.txt
  are written from Python's own standard library sources (argparse, getopt and optparse: the
  three option parsers share much of their vocabulary), the first ``--lines`` lines of each,
  tokenised by whitespace as PyTorch's ``data.Corpus`` does (its code is unchanged below);
- ``torch.nn.utils.clip_grad_norm_`` and ``torch.optim.AdamW`` are spelled
  ``nn.utils.clip_grad_norm_`` and ``nn.optim.AdamW`` (the same functions in PyTorch): the
  ``autograd`` package has no ``nn`` attribute, since ``nn`` is built on top of it;
- the best model is saved as its ``state_dict()`` and loaded back into the model, where
  PyTorch's pickles the whole module (``torch.save(model)`` under ``safe_globals``): saving
  here never pickles;
- the ONNX export (``--onnx-export``) is left out.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# -- the import block: the only lines changed from PyTorch's example -------------------------
import autograd as torch  # noqa: E402
import nn  # noqa: E402
import nn.functional as F  # noqa: E402

# -- end of the import block ------------------------------------------------------------------


###############################################################################
# data.py
###############################################################################

class Dictionary:
    def __init__(self):
        self.word2idx = {}
        self.idx2word = []

    def add_word(self, word):
        if word not in self.word2idx:
            self.idx2word.append(word)
            self.word2idx[word] = len(self.idx2word) - 1
        return self.word2idx[word]

    def __len__(self):
        return len(self.idx2word)


class Corpus:
    def __init__(self, path):
        self.dictionary = Dictionary()
        self.train = self.tokenize(os.path.join(path, "train.txt"))
        self.valid = self.tokenize(os.path.join(path, "valid.txt"))
        self.test = self.tokenize(os.path.join(path, "test.txt"))

    def tokenize(self, path):
        """Tokenizes a text file."""
        assert os.path.exists(path)
        # Add words to the dictionary
        with open(path, encoding="utf8") as f:
            for line in f:
                words = line.split() + ["<eos>"]
                for word in words:
                    self.dictionary.add_word(word)

        # Tokenize file content
        with open(path, encoding="utf8") as f:
            idss = []
            for line in f:
                words = line.split() + ["<eos>"]
                ids = []
                for word in words:
                    ids.append(self.dictionary.word2idx[word])
                idss.append(torch.tensor(ids).type(torch.int64))
            ids = torch.cat(idss)

        return ids


STDLIB_SPLITS = {"train.txt": "argparse.py", "valid.txt": "getopt.py", "test.txt": "optparse.py"}


def write_stdlib_corpus(folder, lines=None):
    """The data source: train/valid/test.txt made of the first ``lines`` lines (all when None)
    of three standard-library modules, blank lines dropped as Wikitext's are."""
    stdlib = os.path.dirname(os.__file__)
    for name, module in STDLIB_SPLITS.items():
        with open(os.path.join(stdlib, module), encoding="utf8") as f:
            text = [line for line in f.read().splitlines() if line.strip()][:lines]
        with open(os.path.join(folder, name), "w", encoding="utf8") as f:
            f.write("\n".join(text) + "\n")
    return folder


###############################################################################
# model.py
###############################################################################

class RNNModel(nn.Module):
    """Container module with an encoder, a recurrent module, and a decoder."""

    def __init__(self, rnn_type, ntoken, ninp, nhid, nlayers, dropout=0.5, tie_weights=False):
        super().__init__()
        self.ntoken = ntoken
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        if rnn_type in ["LSTM", "GRU"]:
            self.rnn = getattr(nn, rnn_type)(ninp, nhid, nlayers, dropout=dropout)
        else:
            try:
                nonlinearity = {"RNN_TANH": "tanh", "RNN_RELU": "relu"}[rnn_type]
            except KeyError as e:
                raise ValueError("An invalid option for `--model` was supplied, options are "
                                 "['LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU']") from e
            self.rnn = nn.RNN(ninp, nhid, nlayers, nonlinearity=nonlinearity, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)

        # Optionally tie weights as in "Using the Output Embedding to Improve Language Models"
        # (Press & Wolf 2016) and "Tying Word Vectors and Word Classifiers" (Inan et al. 2016)
        if tie_weights:
            if nhid != ninp:
                raise ValueError("When using the tied flag, nhid must be equal to emsize")
            self.decoder.weight = self.encoder.weight

        self.init_weights()

        self.rnn_type = rnn_type
        self.nhid = nhid
        self.nlayers = nlayers

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        output = self.drop(output)
        decoded = self.decoder(output)
        decoded = decoded.view(-1, self.ntoken)
        return F.log_softmax(decoded, dim=1), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        if self.rnn_type == "LSTM":
            return (weight.new_zeros(self.nlayers, bsz, self.nhid),
                    weight.new_zeros(self.nlayers, bsz, self.nhid))
        else:
            return weight.new_zeros(self.nlayers, bsz, self.nhid)


class PositionalEncoding(nn.Module):
    """Adds sines and cosines of different frequencies of the position to the embeddings
    (``x``: sequence length, batch size, embed dim), then dropout."""

    def __init__(self, d_model, dropout=0.1, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)

        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len, dtype=torch.float).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        pe = pe.unsqueeze(0).transpose(0, 1)
        self.register_buffer("pe", pe)

    def forward(self, x):
        x = x + self.pe[:x.size(0), :]
        return self.dropout(x)


class TransformerModel(nn.Transformer):
    """Container module with an encoder, a recurrent or transformer module, and a decoder."""

    def __init__(self, ntoken, ninp, nhead, nhid, nlayers, dropout=0.5):
        super().__init__(d_model=ninp, nhead=nhead, dim_feedforward=nhid,
                         num_encoder_layers=nlayers)
        self.model_type = "Transformer"
        self.src_mask = None
        self.pos_encoder = PositionalEncoding(ninp, dropout)

        self.input_emb = nn.Embedding(ntoken, ninp)
        self.ninp = ninp
        self.decoder = nn.Linear(ninp, ntoken)

        self.init_weights()

    def _generate_square_subsequent_mask(self, sz):
        return torch.log(torch.tril(torch.ones(sz, sz)))

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.input_emb.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
        nn.init.uniform_(self.decoder.weight, -initrange, initrange)

    def forward(self, src, has_mask=True):
        if has_mask:
            device = src.device
            if self.src_mask is None or self.src_mask.size(0) != len(src):
                mask = self._generate_square_subsequent_mask(len(src)).to(device)
                self.src_mask = mask
        else:
            self.src_mask = None

        src = self.input_emb(src) * math.sqrt(self.ninp)
        src = self.pos_encoder(src)
        output = self.encoder(src, mask=self.src_mask)
        output = self.decoder(output)
        return F.log_softmax(output, dim=-1)


###############################################################################
# main.py
###############################################################################

def repackage_hidden(h):
    """Wraps hidden states in new Tensors, to detach them from their history."""

    if isinstance(h, torch.Tensor):
        return h.detach()
    else:
        return tuple(repackage_hidden(v) for v in h)


def main(argv=None):
    parser = argparse.ArgumentParser(description="PyTorch RNN/LSTM/GRU/Transformer Language "
                                                 "Model on the standard library's sources")
    parser.add_argument("--data", type=str, default=None,
                        help="folder with train.txt, valid.txt and test.txt (default: written "
                             "from the standard library's sources)")
    parser.add_argument("--lines", type=int, default=None,
                        help="lines of each standard-library file to use (default: all)")
    parser.add_argument("--model", type=str, default="LSTM",
                        help="type of network (RNN_TANH, RNN_RELU, LSTM, GRU, Transformer)")
    parser.add_argument("--emsize", type=int, default=200, help="size of word embeddings")
    parser.add_argument("--nhid", type=int, default=200,
                        help="number of hidden units per layer")
    parser.add_argument("--nlayers", type=int, default=2, help="number of layers")
    parser.add_argument("--lr", type=float, default=20, help="initial learning rate")
    parser.add_argument("--clip", type=float, default=0.25, help="gradient clipping")
    parser.add_argument("--epochs", type=int, default=40, help="upper epoch limit")
    parser.add_argument("--batch_size", type=int, default=20, metavar="N", help="batch size")
    parser.add_argument("--bptt", type=int, default=35, help="sequence length")
    parser.add_argument("--dropout", type=float, default=0.2,
                        help="dropout applied to layers (0 = no dropout)")
    parser.add_argument("--tied", action="store_true",
                        help="tie the word embedding and softmax weights")
    parser.add_argument("--seed", type=int, default=1111, help="random seed")
    parser.add_argument("--log-interval", type=int, default=200, metavar="N",
                        help="report interval")
    parser.add_argument("--save", type=str, default="model.pt",
                        help="path to save the final model")
    parser.add_argument("--nhead", type=int, default=2,
                        help="the number of heads in the encoder/decoder of the transformer model")
    parser.add_argument("--dry-run", action="store_true", help="verify the code and the model")
    parser.add_argument("--accel", action="store_true", help="Enables accelerated training")
    parser.add_argument("--use-optimizer", action="store_true",
                        help="Uses AdamW optimizer for gradient updating")
    args = parser.parse_args(argv)

    # Set the random seed manually for reproducibility.
    torch.manual_seed(args.seed)

    if args.accel and torch.accelerator.is_available():
        device = torch.accelerator.current_accelerator()
    else:
        device = torch.device("cpu")

    print("Using device:", device)

    ###########################################################################
    # Load data
    ###########################################################################

    with tempfile.TemporaryDirectory() as folder:
        corpus = Corpus(args.data or write_stdlib_corpus(folder, args.lines))

    # Starting from sequential data, batchify arranges the dataset into columns: with the
    # alphabet as the sequence and batch size 4, the columns are a..f, g..l, m..r, s..x.
    # The columns are treated as independent by the model (the dependence of 'g' on 'f'
    # cannot be learned), which allows more efficient batch processing.
    def batchify(data, bsz):
        # Work out how cleanly we can divide the dataset into bsz parts.
        nbatch = data.size(0) // bsz
        # Trim off any extra elements that wouldn't cleanly fit (remainders).
        data = data.narrow(0, 0, nbatch * bsz)
        # Evenly divide the data across the bsz batches.
        data = data.view(bsz, -1).t().contiguous()
        return data.to(device)

    eval_batch_size = 10
    train_data = batchify(corpus.train, args.batch_size)
    val_data = batchify(corpus.valid, eval_batch_size)
    test_data = batchify(corpus.test, eval_batch_size)

    ###########################################################################
    # Build the model
    ###########################################################################

    ntokens = len(corpus.dictionary)
    if args.model == "Transformer":
        model = TransformerModel(ntokens, args.emsize, args.nhead, args.nhid, args.nlayers,
                                 args.dropout).to(device)
    else:
        model = RNNModel(args.model, ntokens, args.emsize, args.nhid, args.nlayers,
                         args.dropout, args.tied).to(device)

    criterion = nn.NLLLoss()
    if args.use_optimizer:
        optimizer = nn.optim.AdamW(model.parameters(), lr=args.lr)

    ###########################################################################
    # Training code
    ###########################################################################

    # get_batch subdivides the source data into chunks of length args.bptt along dimension 0,
    # the seq_len dimension of the LSTM (the batch dimension was made by batchify): the data
    # is rows i .. i+seq_len-1, the target the same rows shifted by one.
    def get_batch(source, i):
        seq_len = min(args.bptt, len(source) - 1 - i)
        data = source[i:i + seq_len]
        target = source[i + 1:i + 1 + seq_len].view(-1)
        return data, target

    def evaluate(data_source):
        # Turn on evaluation mode which disables dropout.
        model.eval()
        total_loss = 0.
        ntokens = len(corpus.dictionary)
        if args.model != "Transformer":
            hidden = model.init_hidden(eval_batch_size)
        with torch.no_grad():
            for i in range(0, data_source.size(0) - 1, args.bptt):
                data, targets = get_batch(data_source, i)
                if args.model == "Transformer":
                    output = model(data)
                    output = output.view(-1, ntokens)
                else:
                    output, hidden = model(data, hidden)
                    hidden = repackage_hidden(hidden)
                total_loss += len(data) * criterion(output, targets).item()
        return total_loss / (len(data_source) - 1)

    def train():
        # Turn on training mode which enables dropout.
        model.train()
        total_loss = 0.
        start_time = time.time()
        ntokens = len(corpus.dictionary)
        if args.model != "Transformer":
            hidden = model.init_hidden(args.batch_size)
        for batch, i in enumerate(range(0, train_data.size(0) - 1, args.bptt)):
            data, targets = get_batch(train_data, i)
            # Starting each batch, we detach the hidden state from how it was previously
            # produced. If we didn't, the model would try backpropagating all the way to start
            # of the dataset.
            if args.use_optimizer:
                optimizer.zero_grad()
            else:
                model.zero_grad()
            if args.model == "Transformer":
                output = model(data)
                output = output.view(-1, ntokens)
            else:
                hidden = repackage_hidden(hidden)
                output, hidden = model(data, hidden)
            loss = criterion(output, targets)
            loss.backward()

            # `clip_grad_norm` helps prevent the exploding gradient problem in RNNs / LSTMs.
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            if args.use_optimizer:
                optimizer.step()
            else:
                for p in model.parameters():
                    p.data.add_(p.grad, alpha=-lr)

            total_loss += loss.item()

            if batch % args.log_interval == 0 and batch > 0:
                cur_loss = total_loss / args.log_interval
                elapsed = time.time() - start_time
                print(f"| epoch {epoch:3d} | {batch:5d}/{len(train_data) // args.bptt:5d} batches "
                      f"| lr {lr:02.2f} | ms/batch {elapsed * 1000 / args.log_interval:5.2f} | "
                      f"loss {cur_loss:5.2f} | ppl {math.exp(cur_loss):8.2f}")
                total_loss = 0
                start_time = time.time()
            if args.dry_run:
                break

    # Loop over epochs.
    lr = args.lr
    best_val_loss = None
    val_losses = []

    # At any point you can hit Ctrl + C to break out of training early.
    try:
        for epoch in range(1, args.epochs + 1):
            epoch_start_time = time.time()
            train()
            val_loss = evaluate(val_data)
            val_losses.append(val_loss)
            print("-" * 89)
            print(f"| end of epoch {epoch:3d} | time: {time.time() - epoch_start_time:5.2f}s "
                  f"| valid loss {val_loss:5.2f} | valid ppl {math.exp(val_loss):8.2f}")
            print("-" * 89)
            # Save the model if the validation loss is the best we've seen so far.
            if not best_val_loss or val_loss < best_val_loss:
                with open(args.save, "wb") as f:
                    torch.save(model.state_dict(), f)
                best_val_loss = val_loss
            else:
                # Anneal the learning rate if no improvement has been seen in the validation
                # dataset.
                lr /= 4.0
    except KeyboardInterrupt:
        print("-" * 89)
        print("Exiting from training early")

    # Load the best saved model.
    with open(args.save, "rb") as f:
        model.load_state_dict(torch.load(f))
        # after load the rnn params are not a continuous chunk of memory
        # this makes them a continuous chunk, and will speed up forward pass
        # Currently, only rnn model supports flatten_parameters function.
        if args.model in ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"]:
            model.rnn.flatten_parameters()

    # Run on test data.
    test_loss = evaluate(test_data)
    print("=" * 89)
    print(f"| End of training | test loss {test_loss:5.2f} | "
          f"test ppl {math.exp(test_loss):8.2f}")
    print("=" * 89)
    return {"ntokens": ntokens, "val_losses": val_losses, "lr": lr, "test_loss": test_loss,
            "test_ppl": math.exp(test_loss)}


if __name__ == "__main__":
    main()
