# gensim's side of bench/word2vec.ts: trains Word2Vec on the same corpus file with the same settings and
# prints one JSON line (seconds, words/s, the vectors' file), or checks that gensim reads attnlab's file
# (`--check FILE --words a,b,c`: most_similar of each word, for the TypeScript side to compare).
# Run with Debian's gensim 4: /usr/bin/python3 bench/word2vec_gensim.py --corpus FILE ...
import argparse, json, logging, time
from gensim.models import Word2Vec, KeyedVectors
from gensim.models.word2vec import LineSentence

p = argparse.ArgumentParser()
p.add_argument('--corpus'); p.add_argument('--out')
p.add_argument('--arch', default='sg'); p.add_argument('--threads', type=int, default=1)
p.add_argument('--dim', type=int, default=100); p.add_argument('--window', type=int, default=5)
p.add_argument('--negative', type=int, default=5); p.add_argument('--min-count', type=int, default=5)
p.add_argument('--sample', type=float, default=1e-3); p.add_argument('--epochs', type=int, default=5)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--check'); p.add_argument('--binary', action='store_true'); p.add_argument('--words', default='')
a = p.parse_args()

if a.check:
    kv = KeyedVectors.load_word2vec_format(a.check, binary=a.binary)
    print(json.dumps({'size': len(kv.index_to_key), 'dim': kv.vector_size,
                      'neighbours': {w: [[n, float(s)] for n, s in kv.most_similar(w, topn=10)] for w in a.words.split(',') if w}}))
else:
    logging.basicConfig(level=logging.WARNING)
    model = Word2Vec(vector_size=a.dim, window=a.window, negative=a.negative, hs=0, min_count=a.min_count,
                     sample=a.sample, sg=1 if a.arch == 'sg' else 0, workers=a.threads, seed=a.seed)
    model.build_vocab(LineSentence(a.corpus))
    c0 = time.process_time()  # CPU time of training, all the process's threads
    t0 = time.perf_counter()
    raw, effective = model.train(LineSentence(a.corpus), total_examples=model.corpus_count, epochs=a.epochs)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    if a.out:
        model.wv.save_word2vec_format(a.out, binary=True)
    print(json.dumps({'seconds': seconds, 'cpuSeconds': cpu, 'rawWords': model.corpus_total_words * a.epochs, 'effectiveWords': raw,
                      'wordsPerSec': model.corpus_total_words * a.epochs / seconds, 'vocab': len(model.wv.index_to_key)}))
