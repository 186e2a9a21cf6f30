import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Browser, Page } from './robot-browser.js';
import { Hop, TOUR } from './tour-script.js';

export interface TourState {
  /** Index of the next step of TOUR (TOUR.length when all are done). */
  next: number;
  /** A redirect the robot's browser still has to follow. */
  pendingRedirect?: string;
  playing: boolean;
  done: boolean;
  error?: string;
  log: { step: number; title: string; method: string; url: string; status: number }[];
}

/** "Play" mode: a robot browser walks the whole story against the live server, one hop per step. */
@Injectable()
export class TourRunner implements OnModuleDestroy {
  private browser = new Browser();
  private page?: Page;
  private state: TourState = { next: 0, playing: false, done: false, log: [] };
  private timer?: NodeJS.Timeout;
  private busy?: Promise<void>;
  private picture?: { html: string; at: number };

  constructor(private readonly config: AppConfig) {}

  onModuleDestroy(): void {
    this.pause();
  }

  status(): TourState & { steps: typeof TOUR; picture: boolean } {
    return { ...this.state, steps: TOUR, picture: !!this.picture };
  }

  /** The picture page the robot's browser last received from Grapher, and when: for the tour to link to. */
  robotPicture(): { html: string; at: number } | undefined {
    return this.picture;
  }

  /** One hop: the pending redirect if there is one, otherwise the next step that applies. */
  async step(): Promise<TourState> {
    if (this.busy) await this.busy;
    this.busy = this.hop().finally(() => (this.busy = undefined));
    await this.busy;
    return this.state;
  }

  play(): TourState {
    if (!this.state.done && !this.state.playing) {
      this.state.playing = true;
      this.schedule();
    }
    return this.state;
  }

  pause(): TourState {
    this.state.playing = false;
    clearTimeout(this.timer);
    return this.state;
  }

  restart(): TourState {
    this.pause();
    this.browser = new Browser();
    this.page = undefined;
    this.picture = undefined;
    this.state = { next: 0, playing: false, done: false, log: [] };
    return this.state;
  }

  private schedule(): void {
    this.timer = setTimeout(async () => {
      await this.step();
      if (this.state.playing && !this.state.done) this.schedule();
      else this.state.playing = false;
    }, this.config.demoPlayDelayMs);
  }

  private async hop(): Promise<void> {
    if (this.state.done) return;
    const base = this.config.publicUrl;
    let hop: Hop;
    let title: string;
    let stepIndex = this.state.next;
    try {
      if (this.state.pendingRedirect) {
        hop = { method: 'GET', url: this.state.pendingRedirect };
        title = `Follow the redirect to ${new URL(hop.url).pathname}`;
        stepIndex = Math.max(0, this.state.next - 1);
        this.state.pendingRedirect = undefined;
      } else {
        while (this.state.next < TOUR.length && TOUR[this.state.next].applies?.(this.page) === false) this.state.next++;
        if (this.state.next >= TOUR.length) {
          this.state.done = true;
          return;
        }
        stepIndex = this.state.next;
        const step = TOUR[this.state.next++];
        hop = step.hop(this.page, base);
        title = step.title;
      }
      const page = await this.browser.request(hop.method, hop.url, hop.form);
      this.state.log.push({ step: stepIndex, title, method: hop.method, url: new URL(hop.url).pathname, status: page.status });
      const location = page.headers.get('location');
      if (page.status >= 300 && page.status < 400 && location) {
        const next = new URL(location, page.url);
        if (next.origin === new URL(base).origin) this.state.pendingRedirect = next.toString();
      } else {
        this.page = page;
        if (page.status === 200 && new URL(page.url).pathname.endsWith('/grapher/picture')) this.picture = { html: page.html, at: Date.now() };
      }
      if (this.state.next >= TOUR.length && !this.state.pendingRedirect) this.state.done = true;
    } catch (err) {
      this.state.error = (err as Error).message;
      this.pause();
    }
  }
}
