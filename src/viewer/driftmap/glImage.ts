/**
 * Drawing an RGBA image onto a canvas with WebGL: one texture, two
 * triangles, nearest-neighbour sampling (a bin is a pixel, never blurred).
 * Where the browser gives no WebGL context, a 2-D canvas draws the same.
 */
const VERTEX = `
attribute vec2 corner;
varying vec2 uv;
uniform vec4 place; // image rectangle in clip space: x0, y0, x1, y1
void main() {
  uv = corner;
  gl_Position = vec4(mix(place.xy, place.zw, corner), 0.0, 1.0);
}`;
const FRAGMENT = `
precision mediump float;
varying vec2 uv;
uniform sampler2D image;
void main() { gl_FragColor = texture2D(image, uv); }`;

/** Where the image lies on the canvas, as fractions of its width and height (y up). */
export interface IImagePlace {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export class ImageCanvas {
  private gl: WebGLRenderingContext | null;
  private program: WebGLProgram | null = null;
  private texture: WebGLTexture | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.gl = canvas.getContext('webgl', {
      premultipliedAlpha: false,
      preserveDrawingBuffer: true
    });
    if (this.gl) {
      this.setUp(this.gl);
    }
  }

  /** Whether the image is drawn with WebGL (else with a 2-D canvas). */
  get webgl(): boolean {
    return this.gl !== null;
  }

  /**
   * Draw `rgba` (`cols × rows`, row 0 at the bottom) into `place` of the
   * canvas, which is sized to `width × height` CSS pixels.
   */
  draw(
    rgba: Uint8ClampedArray,
    cols: number,
    rows: number,
    width: number,
    height: number,
    place: IImagePlace
  ): void {
    const ratio = window.devicePixelRatio || 1;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    const gl = this.gl;
    if (!gl || !this.program) {
      this.draw2d(rgba, cols, rows, place);
      return;
    }
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(
      gl.TEXTURE_2D,
      0,
      gl.RGBA,
      cols,
      rows,
      0,
      gl.RGBA,
      gl.UNSIGNED_BYTE,
      new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength)
    );
    const clip = (f: number) => f * 2 - 1;
    gl.uniform4f(
      gl.getUniformLocation(this.program, 'place'),
      clip(place.x0),
      clip(place.y0),
      clip(place.x1),
      clip(place.y1)
    );
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }

  /** Give the GPU context back (a page holds only a few). */
  dispose(): void {
    this.gl?.getExtension('WEBGL_lose_context')?.loseContext();
    this.gl = null;
  }

  private setUp(gl: WebGLRenderingContext): void {
    const shader = (type: number, source: string) => {
      const s = gl.createShader(type)!;
      gl.shaderSource(s, source);
      gl.compileShader(s);
      return s;
    };
    const program = gl.createProgram()!;
    gl.attachShader(program, shader(gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, shader(gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      // A broken driver: the 2-D canvas draws instead.
      this.gl = null;
      return;
    }
    gl.useProgram(program);
    const corners = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, corners);
    gl.bufferData(
      gl.ARRAY_BUFFER,
      new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]),
      gl.STATIC_DRAW
    );
    const at = gl.getAttribLocation(program, 'corner');
    gl.enableVertexAttribArray(at);
    gl.vertexAttribPointer(at, 2, gl.FLOAT, false, 0, 0);
    this.texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    for (const [name, value] of [
      [gl.TEXTURE_MIN_FILTER, gl.NEAREST],
      [gl.TEXTURE_MAG_FILTER, gl.NEAREST],
      [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE],
      [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE]
    ]) {
      gl.texParameteri(gl.TEXTURE_2D, name, value);
    }
    this.program = program;
  }

  private draw2d(
    rgba: Uint8ClampedArray,
    cols: number,
    rows: number,
    place: IImagePlace
  ): void {
    const context = this.canvas.getContext('2d');
    if (!context) {
      return;
    }
    // Row 0 is the bottom: flip rows into an ImageData (row 0 at the top).
    const flipped = new Uint8ClampedArray(rgba.length);
    for (let y = 0; y < rows; y++) {
      flipped.set(
        rgba.subarray((rows - 1 - y) * cols * 4, (rows - y) * cols * 4),
        y * cols * 4
      );
    }
    const tile = document.createElement('canvas');
    tile.width = cols;
    tile.height = rows;
    tile.getContext('2d')!.putImageData(new ImageData(flipped, cols), 0, 0);
    const { width, height } = this.canvas;
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, width, height);
    context.drawImage(
      tile,
      place.x0 * width,
      (1 - place.y1) * height,
      (place.x1 - place.x0) * width,
      (place.y1 - place.y0) * height
    );
  }
}
