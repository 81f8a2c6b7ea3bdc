import { Anchor, Container, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Container component="main" size="sm" py="xl">
      <Title order={1}>Page not found</Title>
      <Text mt="md">
        There is no console page at this address.{' '}
        <Anchor component={Link} to="/">
          Go to the console
        </Anchor>
      </Text>
    </Container>
  );
}
