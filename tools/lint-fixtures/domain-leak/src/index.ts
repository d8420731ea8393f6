// Deliberate violations: see ../../README.md. CI expects ESLint to reject every import below.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Container } from 'inversify';
import { jsonLogger } from '@outflow/runtime-lambda';
import { innerLeak } from '@outflow/lint-fixture-domain-leak-inner';

export const leaks = [DynamoDBClient, Container, jsonLogger, innerLeak];
