import { createContext, useContext } from 'react';
import type { JobFeed } from './use-job-feed.ts';

export const JobFeedContext = createContext<JobFeed | null>(null);

export function useJobs(): JobFeed {
  const feed = useContext(JobFeedContext);
  if (!feed) throw new Error('useJobs outside <JobFeedContext.Provider>');
  return feed;
}
