package io.quiver.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiver.engine.error.QuiverException;
import io.quiver.engine.expr.Token.Kind;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

  private static Token single(String text) {
    List<Token> tokens = Lexer.tokenize(text);
    assertThat(tokens).hasSize(2);
    assertThat(tokens.get(1).kind()).isEqualTo(Kind.EOF);
    return tokens.getFirst();
  }

  @Test
  void readsIntegerLiteralsInEveryRadix() {
    assertThat(single("42").value()).isEqualTo(BigInteger.valueOf(42));
    assertThat(single("0").value()).isEqualTo(BigInteger.ZERO);
    assertThat(single("0x1F").value()).isEqualTo(BigInteger.valueOf(31));
    assertThat(single("0XfF").value()).isEqualTo(BigInteger.valueOf(255));
    assertThat(single("017").value()).isEqualTo(BigInteger.valueOf(15));
    assertThat(single("00").value()).isEqualTo(BigInteger.ZERO);
    assertThat(single("0b101").value()).isEqualTo(BigInteger.valueOf(5));
    assertThat(single("9223372036854775808").value()).isEqualTo(BigInteger.ONE.shiftLeft(63));
  }

  @Test
  void readsFloatLiterals() {
    assertThat(single("1.5").value()).isEqualTo(1.5);
    assertThat(single(".5").value()).isEqualTo(0.5);
    assertThat(single("1.").value()).isEqualTo(1.0);
    assertThat(single("1e3").value()).isEqualTo(1000.0);
    assertThat(single("2.5E-1").value()).isEqualTo(0.25);
    assertThat(single("0x1.8p1").value()).isEqualTo(3.0);
    assertThat(single("1e3").kind()).isEqualTo(Kind.FLOAT);
  }

  @Test
  void unescapesStrings() {
    assertThat(single("\"a\\\"b\"").value()).isEqualTo("a\"b");
    assertThat(single("'it\\'s'").value()).isEqualTo("it's");
    assertThat(single("'say \"hi\"'").value()).isEqualTo("say \"hi\"");
    assertThat(single("\"\\n\\t\\r\\\\\"").value()).isEqualTo("\n\t\r\\");
    assertThat(single("\"\\x41\\u00e9\\U0001F600\\101\"").value()).isEqualTo("Aé😀A");
    assertThat(single("'100\\%'").value()).isEqualTo("100\\%");
    assertThat(single("r'a\\d'").value()).isEqualTo("a\\d");
    assertThat(single("R\"a\\\"b\"").value()).isEqualTo("a\\\"b");
    assertThat(single("'日本'").value()).isEqualTo("日本");
  }

  @Test
  void readsKeywordsOperatorsAndPlaceholders() {
    List<Kind> kinds = Lexer.tokenize("a and b AND c && d or OR || not NOT ! in IN like LIKE exists EXISTS")
        .stream().map(Token::kind).toList();
    assertThat(kinds).containsExactly(Kind.IDENT, Kind.AND, Kind.IDENT, Kind.AND, Kind.IDENT, Kind.AND, Kind.IDENT,
        Kind.OR, Kind.OR, Kind.OR, Kind.NOT, Kind.NOT, Kind.NOT, Kind.IN, Kind.IN, Kind.LIKE, Kind.LIKE, Kind.EXISTS,
        Kind.EXISTS, Kind.EOF);
    assertThat(Lexer.tokenize("== != < <= > >= + - * / % ** ( ) [ ] ,").stream().map(Token::kind).toList())
        .containsExactly(Kind.EQ, Kind.NE, Kind.LT, Kind.LE, Kind.GT, Kind.GE, Kind.PLUS, Kind.MINUS, Kind.STAR,
            Kind.SLASH, Kind.PERCENT, Kind.POW, Kind.LPAREN, Kind.RPAREN, Kind.LBRACKET, Kind.RBRACKET, Kind.COMMA,
            Kind.EOF);
    assertThat(single("{ min }").value()).isEqualTo("min");
    assertThat(single("$meta").kind()).isEqualTo(Kind.META);
    assertThat(single("And").kind()).isEqualTo(Kind.IDENT);
    assertThat(single("tRUE").kind()).isEqualTo(Kind.IDENT);
    assertThat(single("True").value()).isEqualTo(true);
    assertThat(single("名字").kind()).isEqualTo(Kind.IDENT);
    assertThat(Lexer.tokenize("a  >=\n\t3").get(2).pos()).isEqualTo(7);
  }

  @Test
  void rejectsMalformedTokens() {
    assertThatThrownBy(() -> Lexer.tokenize("'abc")).isInstanceOf(QuiverException.class)
        .hasMessage("filter syntax error at position 0 (near ''abc'): unterminated string literal");
    assertThatThrownBy(() -> Lexer.tokenize("a == \"\\x\"")).hasMessageContaining("invalid escape sequence");
    assertThatThrownBy(() -> Lexer.tokenize("0x")).hasMessageContaining("invalid number literal");
    assertThatThrownBy(() -> Lexer.tokenize("1.2.3")).hasMessageContaining("invalid number literal '1.2.3'");
    assertThatThrownBy(() -> Lexer.tokenize("a @ b")).hasMessageContaining("position 2")
        .hasMessageContaining("unexpected character '@'");
    assertThatThrownBy(() -> Lexer.tokenize("{1}")).hasMessageContaining("{name}");
  }
}
