import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { authRoutes } from './auth.js';
import { userRoutes } from './users.js';

/** Every API route group, mounted under /api. */
export const apiRoutes = new Hono<AppEnv>().route('/auth', authRoutes).route('/users', userRoutes);
