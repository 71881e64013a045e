using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansHa.Sync.Delta;

/// <summary>
/// The sender's half of the rsync algorithm: reads the new file's chunks in order and, at every byte offset, looks the
/// rolling weak checksum of the next block's worth of bytes up among the basis's blocks; a hit whose strong hash
/// matches too becomes a copy of that block (consecutive blocks merge into one copy), everything between hits is sent
/// as literal data. The block that followed the last hit is tried first, so a basis with repeated blocks still gives
/// long copies. The basis's last block, when shorter, can match only the new file's end (as in rsync). Memory is
/// bounded by a window of about a MiB plus two blocks, whatever the file's size; the whole new file is hashed
/// (XxHash128) on the way, for the target's end-to-end check.
/// </summary>
internal sealed class DeltaEncoder : DeltaContent
{
    /// <summary>A literal op holds at most this much; longer runs of unmatched data go out in several.</summary>
    public const int MaxLiteral = 256 * 1024;

    private const int ReadAhead = 1 << 20;

    private readonly SyncFileContent _source;
    private readonly DeltaSignature _basis;
    private readonly int _blockSize;
    private readonly long _fullBlocks;
    private readonly int _tailLength;
    private readonly int[] _buckets;
    private readonly int[] _chain;
    private readonly int _shift;
    private UInt128? _hash;

    public DeltaEncoder(SyncFileContent source, DeltaSignature basis)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(basis);
        if (!basis.IsComplete)
        {
            throw new ArgumentException($"The signature holds blocks {basis.FirstBlock}..{basis.FirstBlock + basis.Count} of a basis of {basis.Length} bytes; encoding needs all of them.", nameof(basis));
        }

        _source = source;
        _basis = basis;
        _blockSize = basis.BlockSize;
        _fullBlocks = basis.Length / _blockSize;
        _tailLength = (int)(basis.Length - (_fullBlocks * _blockSize));

        // Blocks of full length by weak checksum: a power-of-two table of chain heads (at least four times the blocks,
        // so most offsets of unmatched data find an empty head at once), chains in block order so the earliest block of
        // equal ones is tried first.
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, _fullBlocks * 4));
        _shift = 32 - BitOperations.Log2((uint)size);
        _buckets = new int[size];
        Array.Fill(_buckets, -1);
        _chain = new int[_fullBlocks];
        var weak = basis.Weak;
        for (var i = (int)_fullBlocks - 1; i >= 0; i--)
        {
            ref var head = ref _buckets[Bucket(weak[i])];
            _chain[i] = head;
            head = i;
        }
    }

    public override long Length => _source.Length;

    /// <summary>Bytes sent as literal data so far.</summary>
    public long LiteralBytes { get; private set; }

    /// <summary>Bytes left to copies from the basis so far.</summary>
    public long MatchedBytes { get; private set; }

    public override UInt128 ExpectedHash
        => _hash ?? throw new InvalidOperationException("The new file's hash is known only once its ops have all been read.");

    public override async IAsyncEnumerable<DeltaOp> ReadOpsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scan = new Scan(this, ArrayPool<byte>.Shared.Rent(MaxLiteral + (2 * _blockSize) + ReadAhead));
        var chunks = _source.ReadChunksAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                while (scan.TryNext(out var op))
                {
                    yield return op;
                }

                if (scan.Done)
                {
                    break;
                }

                await scan.FillAsync(chunks).ConfigureAwait(false);
            }

            _hash = scan.Hash;
        }
        finally
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(scan.Buffer);
        }
    }

    private int Bucket(uint weak) => (int)((weak * 0x9E3779B1u) >> _shift);

    /// <summary>
    /// One pass over the new file. The window holds source bytes from <see cref="_bufferStart"/> on: already sent up to
    /// <see cref="_literal"/>, unmatched from there to <see cref="_position"/>, the block being looked for from there.
    /// </summary>
    private sealed class Scan(DeltaEncoder encoder, byte[] buffer)
    {
        private readonly Queue<DeltaOp> _ready = new(2);
        private readonly XxHash128 _hasher = new();
        private readonly int _blockSize = encoder._blockSize;
        private long _bufferStart;
        private int _filled;
        private int _position;
        private int _literal;
        private long _fed;
        private bool _end;
        private RollingChecksum _weak;
        private bool _weakValid;
        private bool _probed;
        private long _lastBlock = -2;
        private long _copyTarget;
        private long _copyBasis;
        private long _copyLength;
        private FileChunk _chunk;
        private int _chunkUsed;
        private bool _haveChunk;

        public byte[] Buffer => buffer;

        public bool Done { get; private set; }

        public UInt128 Hash => _hasher.GetCurrentHashAsUInt128();

        /// <summary>The next op, or false when the window needs more data (or the file is done).</summary>
        public bool TryNext(out DeltaOp op)
        {
            while (true)
            {
                if (_ready.TryDequeue(out op))
                {
                    return true;
                }

                if (Done)
                {
                    return false;
                }

                var available = _filled - _position;
                if (available < _blockSize)
                {
                    if (!_end)
                    {
                        return false;
                    }

                    FinishTail(available);
                    continue;
                }

                if (!_weakValid)
                {
                    _weak = RollingChecksum.Of(buffer.AsSpan(_position, _blockSize));
                    _weakValid = true;
                    _probed = false;
                }

                if (!_probed)
                {
                    _probed = true;
                    var block = Find(_weak.Value, buffer.AsSpan(_position, _blockSize));
                    if (block >= 0)
                    {
                        Matched(block, _blockSize);
                        continue;
                    }
                }

                if (_position - _literal >= MaxLiteral)
                {
                    EmitLiteral();
                }

                if (_position + _blockSize < _filled)
                {
                    Slide();
                }
                else if (_end)
                {
                    _position++; // nothing rolls in after the end: what is left is the tail
                    _weakValid = false;
                }
                else
                {
                    return false; // the byte to roll in has not been read yet
                }
            }
        }

        /// <summary>
        /// Rolls the window on byte by byte (the hot loop on unmatched data) until an offset's checksum may be a block's
        /// and that block matches, the window reaches the data read so far, or the unmatched run a literal's limit.
        /// </summary>
        private void Slide()
        {
            var blockSize = _blockSize;
            var position = _position;
            var weak = _weak;
            var limit = Math.Min(_filled - blockSize, _literal + MaxLiteral);
            var buckets = encoder._buckets;
            var shift = encoder._shift;
            var next = _lastBlock + 1;
            var hasNext = next >= 0 && next < encoder._fullBlocks;
            var nextWeak = hasNext ? encoder._basis.Weak[(int)next] : 0;
            while (position < limit)
            {
                weak.Roll(buffer[position], buffer[position + blockSize]);
                position++;
                var value = weak.Value;
                if ((hasNext && value == nextWeak) || buckets[(int)((value * 0x9E3779B1u) >> shift)] >= 0)
                {
                    var block = Find(value, buffer.AsSpan(position, blockSize));
                    if (block >= 0)
                    {
                        _position = position;
                        _probed = true;
                        Matched(block, blockSize);
                        return;
                    }
                }
            }

            _position = position;
            _weak = weak;
            _probed = true;
        }

        /// <summary>Drops what was sent and reads more of the file into the window (zeros for holes).</summary>
        public async ValueTask FillAsync(IAsyncEnumerator<FileChunk> chunks)
        {
            if (_literal > 0)
            {
                System.Buffer.BlockCopy(buffer, _literal, buffer, 0, _filled - _literal);
                _bufferStart += _literal;
                _position -= _literal;
                _filled -= _literal;
                _literal = 0;
            }

            var length = encoder.Length;
            var room = buffer.Length;
            while (_filled < room && !_end)
            {
                if (!_haveChunk)
                {
                    if (await chunks.MoveNextAsync().ConfigureAwait(false))
                    {
                        _chunk = chunks.Current;
                        _chunkUsed = 0;
                        _haveChunk = true;
                        if (_chunk.Offset < _fed || _chunk.Offset + _chunk.Data.Length > length)
                        {
                            throw new IOException($"The content gave {_chunk.Data.Length} bytes at {_chunk.Offset}, outside the {length} bytes declared or before data already read.");
                        }
                    }
                    else if (_fed == length)
                    {
                        _end = true;
                        break;
                    }
                    else
                    {
                        // A hole runs to the end of the file.
                        _chunk = new FileChunk(length, ReadOnlyMemory<byte>.Empty);
                        _chunkUsed = 0;
                        _haveChunk = true;
                    }
                }

                int n;
                if (_chunk.Offset > _fed)
                {
                    n = (int)Math.Min(_chunk.Offset - _fed, room - _filled);
                    buffer.AsSpan(_filled, n).Clear();
                }
                else
                {
                    n = Math.Min(_chunk.Data.Length - _chunkUsed, room - _filled);
                    _chunk.Data.Span.Slice(_chunkUsed, n).CopyTo(buffer.AsSpan(_filled));
                    _chunkUsed += n;
                    if (_chunkUsed == _chunk.Data.Length)
                    {
                        _haveChunk = false;
                    }
                }

                _hasher.Append(buffer.AsSpan(_filled, n));
                _filled += n;
                _fed += n;
            }
        }

        private long Find(uint weak, ReadOnlySpan<byte> window)
        {
            var basis = encoder._basis;
            UInt128? strong = null;
            var next = _lastBlock + 1;
            if (next >= 0 && next < encoder._fullBlocks && basis.Weak[(int)next] == weak)
            {
                strong = DeltaSignature.StrongHash(window);
                if (basis.Strong[(int)next] == strong)
                {
                    return next;
                }
            }

            for (var i = encoder._buckets[encoder.Bucket(weak)]; i >= 0; i = encoder._chain[i])
            {
                if (basis.Weak[i] == weak && i != next)
                {
                    strong ??= DeltaSignature.StrongHash(window);
                    if (basis.Strong[i] == strong)
                    {
                        return i;
                    }
                }
            }

            return -1;
        }

        private void FinishTail(int available)
        {
            // The basis's short last block can match only the very end of the new file.
            if (available > 0 && available == encoder._tailLength)
            {
                var window = buffer.AsSpan(_position, available);
                var last = (int)encoder._fullBlocks;
                if (encoder._basis.Weak[last] == RollingChecksum.Compute(window) && encoder._basis.Strong[last] == DeltaSignature.StrongHash(window))
                {
                    Matched(last, available);
                }
            }

            _position = _filled;
            EmitLiteral();
            FlushCopy();
            Done = true;
        }

        private void Matched(long block, int length)
        {
            EmitLiteral();
            var target = _bufferStart + _position;
            var basisOffset = block * _blockSize;
            if (_copyLength > 0 && _copyTarget + _copyLength == target && _copyBasis + _copyLength == basisOffset)
            {
                _copyLength += length;
            }
            else
            {
                FlushCopy();
                (_copyTarget, _copyBasis, _copyLength) = (target, basisOffset, length);
            }

            encoder.MatchedBytes += length;
            _lastBlock = block;
            _position += length;
            _literal = _position;
            _weakValid = false;
        }

        /// <summary>Queues the unmatched bytes before the window (after the copy they follow).</summary>
        private void EmitLiteral()
        {
            if (_position == _literal)
            {
                return;
            }

            FlushCopy();
            _ready.Enqueue(DeltaOp.Literal(_bufferStart + _literal, buffer.AsMemory(_literal, _position - _literal)));
            encoder.LiteralBytes += _position - _literal;
            _literal = _position;
        }

        private void FlushCopy()
        {
            if (_copyLength > 0)
            {
                _ready.Enqueue(DeltaOp.Copy(_copyTarget, _copyBasis, _copyLength));
                _copyLength = 0;
            }
        }
    }
}
