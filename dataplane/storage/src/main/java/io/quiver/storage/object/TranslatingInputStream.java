package io.quiver.storage.object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The stream {@link ObjectStore#open} returns: reads pass through, and an {@link IOException}
 * that is not already an {@link ObjectStoreException} is turned into one by {@code translate}
 * (which names the object), so that callers see the documented exception type.
 */
final class TranslatingInputStream extends FilterInputStream {

  /** Turns a read failure into the store's exception. */
  @FunctionalInterface
  interface Translator {
    ObjectStoreException translate(IOException failure);
  }

  private final Translator translator;

  TranslatingInputStream(InputStream in, Translator translator) {
    super(in);
    this.translator = translator;
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return in.skip(n);
    } catch (IOException e) {
      throw translate(e);
    }
  }

  @Override
  public int available() throws IOException {
    try {
      return in.available();
    } catch (IOException e) {
      throw translate(e);
    }
  }

  private ObjectStoreException translate(IOException e) {
    return e instanceof ObjectStoreException ose ? ose : translator.translate(e);
  }
}
