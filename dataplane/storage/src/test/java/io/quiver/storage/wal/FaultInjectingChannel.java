package io.quiver.storage.wal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A file channel that forwards to a real one and lets {@link Faults} fail or hold it. */
final class FaultInjectingChannel extends FileChannel {

  private final FileChannel delegate;
  private final Faults faults;

  FaultInjectingChannel(FileChannel delegate, Faults faults) {
    this.delegate = delegate;
    this.faults = faults;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int wanted = src.remaining();
    int allowed = faults.takeWriteBudget(wanted);
    if (allowed < wanted) {
      ByteBuffer part = src.slice(src.position(), allowed);
      while (part.hasRemaining()) {
        delegate.write(part);
      }
      src.position(src.position() + allowed);
      throw new IOException("No space left on device (injected)");
    }
    return delegate.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      while (srcs[i].hasRemaining()) {
        total += write(srcs[i]);
      }
    }
    return total;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    int wanted = src.remaining();
    if (faults.takeWriteBudget(wanted) < wanted) {
      throw new IOException("No space left on device (injected)");
    }
    return delegate.write(src, position);
  }

  @Override
  public void force(boolean metaData) throws IOException {
    faults.beforeForce();
    delegate.force(metaData);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return delegate.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return delegate.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return delegate.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    delegate.truncate(size);
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return delegate.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return delegate.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return delegate.map(mode, position, size);
  }

  @Override
  public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
    return delegate.map(mode, offset, size, arena);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return delegate.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return delegate.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
